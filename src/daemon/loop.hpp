#pragma once
// The daemon's loop, free of I/O: run a cycle, tell systemd (READY after the first cycle, STATUS after
// each, RELOADING then READY around a SIGHUP, STOPPING at the end), then wait for the next cycle: the
// interval with jitter, or backoff after a failed cycle. A reload starts the next cycle at once; a stop
// ends the loop after the cycle in flight.
#include <functional>
#include <string>

#include "daemon/clock.hpp"
#include "daemon/schedule.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/signals.hpp"

namespace tabhook::daemon {

struct CycleSummary {
    bool failed = false;
    std::string status; // one line for STATUS=
    int exit_code = 0;  // what --once returns
};

struct LoopOptions {
    ScheduleOptions schedule;
    bool once = false;
};

struct LoopDeps {
    Waiter& waiter;
    Notifier& notifier;
    const Clock& clock;
    std::function<CycleSummary(bool reload)> cycle;
    std::function<double()> random;                         // uniform in [0, 1)
    std::function<void(std::chrono::milliseconds)> on_wait; // null: nothing (the daemon logs the delay)
};

// Returns 0 after a stop, or the cycle's exit code with `once`.
int run_loop(const LoopOptions& options, const LoopDeps& deps);

} // namespace tabhook::daemon
