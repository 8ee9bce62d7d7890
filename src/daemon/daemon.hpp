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

// What is reconciled and how: the manifests, the sites, the mode and its brakes.
struct ReconcileConfig {
    std::vector<std::string> paths;
    std::vector<std::string> sites; // --site filter
    Mode mode = Mode::observe;
    std::chrono::milliseconds reenable_interval{3'600'000};
    int parallel = 0; // --parallel: 0 auto (apply::kParallelAuto), else a fixed limit per site
    std::chrono::milliseconds lock_timeout{60'000}; // enforce: the longest wait for a site's lock
    manifest::LoadOptions load;
    plan::PlanOptions plan;
};

// When cycles run, and what comes before each.
struct ScheduleConfig {
    std::chrono::milliseconds interval{300'000};
    bool once = false;
    bool pull = false; // git pull --ff-only the manifests' checkout before each cycle
    std::chrono::milliseconds pull_timeout{60'000};
};

// Where the results go besides the log and systemd.
struct OutputConfig {
    std::string listen;          // "" : no endpoint
    std::string report_file;     // "" : no report file
    std::string notify_url_file; // "" : TABHOOK_NOTIFY_URL, if set
    bool verbose = false;
};

struct DaemonConfig {
    ReconcileConfig reconcile;
    ScheduleConfig schedule;
    OutputConfig outputs;
    // How to talk to Tableau; its `stop` should read stop_flag(), since a stop must also end the
    // requests in flight.
    tableau::ClientOptions client;
};

// Runs until SIGTERM/SIGINT (0), or one cycle with `once` (its exit code); 1 when it cannot start, 64 when
// --listen is not HOST:PORT.
int run_daemon(const DaemonConfig& config);

} // namespace tabhook::daemon
