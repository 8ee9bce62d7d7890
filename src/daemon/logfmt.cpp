#include "daemon/logfmt.hpp"

namespace tabhook::daemon {

void StderrLog::write(const std::string& line) {
    const std::lock_guard lock(mutex_);
    // A log line that stderr cannot take has nowhere else to go: the results are ignored on purpose.
    static_cast<void>(std::fputs(line.c_str(), stderr));
    static_cast<void>(std::fputc('\n', stderr));
    static_cast<void>(std::fflush(stderr));
}

} // namespace tabhook::daemon
