#include "daemon/loop.hpp"

namespace tabhook::daemon {

int run_loop(const LoopOptions& options, const LoopDeps& deps) {
    bool reload = false;
    bool ready = false;
    int failures = 0;
    int exit_code = 0;
    while (!deps.waiter.stop_requested()) {
        const CycleSummary summary = deps.cycle(reload);
        exit_code = summary.exit_code;
        deps.notifier.notify(status_message(summary.status));
        if (!ready || reload) deps.notifier.notify("READY=1");
        ready = true;
        reload = false;
        if (options.once) break;
        failures = summary.failed ? failures + 1 : 0;
        const auto delay = next_delay(options.schedule, failures, deps.random ? deps.random() : 0.5);
        if (deps.on_wait) deps.on_wait(delay);
        const Wake wake = deps.waiter.wait_for(delay);
        if (wake == Wake::stop) break;
        if (wake == Wake::reload) {
            reload = true;
            deps.notifier.notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(deps.clock.monotonic_usec()));
        }
    }
    deps.notifier.notify("STOPPING=1");
    return options.once ? exit_code : 0;
}

} // namespace tabhook::daemon
