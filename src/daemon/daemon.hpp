#pragma once
// `tabhook run`: the instance lock, signals, systemd notifications and watchdog, the status endpoint, the
// reconcile loop, the report file and drift notifications, wired together.
#include <chrono>
#include <string>
#include <vector>

#include "daemon/cycle.hpp"
#include "manifest/load_options.hpp"
#include "plan/planner.hpp"
#include "tableau/client.hpp"

namespace tabhook::daemon {

struct DaemonConfig {
    std::vector<std::string> paths;
    std::vector<std::string> sites; // --site filter
    Mode mode = Mode::observe;
    std::chrono::milliseconds interval{300'000};
    std::chrono::milliseconds reenable_interval{3'600'000};
    std::string listen;          // "" : no endpoint
    std::string report_file;     // "" : no report file
    std::string notify_url_file; // "" : TABHOOK_NOTIFY_URL, if set
    bool pull = false;
    std::chrono::milliseconds pull_timeout{60'000};
    bool once = false;
    bool verbose = false;
    int parallel = 4;
    std::chrono::milliseconds lock_timeout{60'000}; // enforce: the longest wait for a site's lock
    manifest::LoadOptions load;
    plan::PlanOptions plan;
    tableau::ClientOptions client; // its `stop` should read stop_flag()
};

// Runs until SIGTERM/SIGINT (0), or one cycle with `once` (its exit code); 1 when it cannot start.
int run_daemon(const DaemonConfig& config);

} // namespace tabhook::daemon
