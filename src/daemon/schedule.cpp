#include "daemon/schedule.hpp"

#include <algorithm>

namespace tabhook::daemon {

using std::chrono::milliseconds;

ScheduleOptions schedule_for(milliseconds interval) {
    ScheduleOptions o;
    o.interval = interval;
    o.backoff_initial = std::min(interval, milliseconds(10'000));
    o.backoff_max = std::max(interval, milliseconds(300'000));
    return o;
}

milliseconds next_delay(const ScheduleOptions& options, int consecutive_failures, double unit) {
    double base = static_cast<double>(options.interval.count());
    if (consecutive_failures > 0) {
        base = static_cast<double>(options.backoff_initial.count());
        for (int i = 1; i < consecutive_failures && base < static_cast<double>(options.backoff_max.count()); ++i)
            base *= 2;
        base = std::min(base, static_cast<double>(options.backoff_max.count()));
    }
    unit = std::clamp(unit, 0.0, 1.0);
    const double factor = 1.0 + options.jitter * (2.0 * unit - 1.0);
    return milliseconds(std::max<long long>(1, static_cast<long long>(base * factor)));
}

} // namespace tabhook::daemon
