#pragma once
// When the next cycle starts: the interval with ±10% jitter after a good cycle (so many daemons do not
// hit one server in step), capped exponential backoff after failed ones. Pure: the random draw is an
// argument.
#include <chrono>

namespace tabhook::daemon {

struct ScheduleOptions {
    std::chrono::milliseconds interval{300'000};
    std::chrono::milliseconds backoff_initial{10'000};
    std::chrono::milliseconds backoff_max{300'000};
    double jitter = 0.10; // fraction of the delay, either way
};

// Backoff starts at min(interval, 10s) and doubles up to max(interval, 5m).
ScheduleOptions schedule_for(std::chrono::milliseconds interval);

// `consecutive_failures` is 0 after a good cycle; `unit` is a uniform draw in [0, 1).
std::chrono::milliseconds next_delay(const ScheduleOptions& options, int consecutive_failures, double unit);

} // namespace tabhook::daemon
