#include "daemon/status_board.hpp"

#include <memory>

namespace tabhook::daemon {

void StatusBoard::record(const report::CycleReport& report, std::int64_t now_unix) {
    auto kept = std::make_shared<const report::CycleReport>(report);
    const std::lock_guard lock(mutex_);
    last_.cycle = std::move(kept);
    report::record_tests(last_.tests, report, now_unix);
}

report::StatusSnapshot StatusBoard::snapshot() const {
    const std::lock_guard lock(mutex_);
    return last_;
}

} // namespace tabhook::daemon
