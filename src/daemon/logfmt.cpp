#include "daemon/logfmt.hpp"

namespace tabhook::daemon {

void StderrLog::write(const std::string& line) {
    const std::lock_guard lock(mutex_);
    std::fputs(line.c_str(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace tabhook::daemon
