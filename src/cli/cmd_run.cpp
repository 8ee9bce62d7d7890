#include <memory>
#include <string>

#include "apply/executor.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "daemon/daemon.hpp"
#include "util/duration.hpp"
#include "daemon/signals.hpp"
#include "daemon/status_server.hpp"
#include "report/cycle.hpp"

namespace tabhook::cli {

namespace {

struct RunFlags {
    CommonOptions common;
    daemon::Mode mode = daemon::Mode::observe;
    std::string interval = "5m";
    std::string reenable_interval = "1h";
    std::string pull_timeout = "60s";
    std::string lock_timeout = "60s";
    std::string listen;
    std::string report;
    std::string notify_url_file;
    bool pull = false;
    bool once = false;
    int parallel = apply::kParallelAuto;
    plan::PlanOptions plan;
};

int run_run(const RunFlags& f) {
    daemon::DaemonConfig c;
    c.reconcile.paths = f.common.paths;
    c.reconcile.sites = f.common.sites;
    c.reconcile.mode = f.mode;
    c.reconcile.reenable_interval = *util::parse_duration(f.reenable_interval);
    c.reconcile.parallel = f.parallel;
    c.reconcile.lock_timeout = duration_value(f.lock_timeout);
    c.reconcile.load.allow_literal_secrets = f.common.allow_literal_secrets;
    c.reconcile.plan = f.plan;
    c.schedule.interval = *util::parse_duration(f.interval);
    c.schedule.once = f.once;
    c.schedule.pull = f.pull;
    c.schedule.pull_timeout = *util::parse_duration(f.pull_timeout);
    c.outputs.listen = f.listen;
    c.outputs.report_file = f.report;
    c.outputs.notify_url_file = f.notify_url_file;
    c.outputs.verbose = f.common.verbose;
    auto client = client_options(f.common, util::StopToken(daemon::stop_flag()));
    if (!client) return kUsage;
    c.client = std::move(*client);
    return daemon::run_daemon(c);
}

} // namespace

void register_run(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<RunFlags>();
    auto* cmd = app.add_subcommand(
        "run", "The daemon: reconcile every --interval, reporting (observe) or repairing (enforce) drift");
    add_common_flags(cmd, flags->common, {"text"});
    add_choice<daemon::Mode>(cmd, "--mode", flags->mode, report::mode_names(),
                             "observe: report drift; enforce: repair it");
    cmd->add_option("--interval", flags->interval, "Time between cycles, ±10% jitter (default 5m)")
        ->check(duration_validator());
    cmd->add_option("--reenable-interval", flags->reenable_interval,
                    "Re-enable one webhook at most once per this long (default 1h)")
        ->check(duration_validator());
    cmd->add_option(
           "--listen", flags->listen,
           "Serve the status page /, /status.json, /metrics, /healthz and /readyz on HOST:PORT (e.g. 127.0.0.1:9464)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                return daemon::parse_listen(text) ? "" : "expected HOST:PORT, got '" + text + "'";
            },
            "HOST:PORT"));
    cmd->add_option("--report", flags->report,
                    "Write the JSON drift report to FILE after every cycle (replaced atomically)");
    cmd->add_option("--notify-url-file", flags->notify_url_file,
                    "POST a JSON summary to the URL in FILE when drift appears or clears (also TABHOOK_NOTIFY_URL)");
    cmd->add_flag("--pull", flags->pull, "Before each cycle, git pull --ff-only the manifests' checkout");
    cmd->add_option("--pull-timeout", flags->pull_timeout, "Deadline for git pull (default 60s)")
        ->check(duration_validator())
        ->group("Tuning");
    add_lock_timeout_flag(cmd, flags->lock_timeout);
    cmd->add_flag("--once", flags->once, "Run one cycle and exit: 0 in sync, 2 drift, 1 error (enforce: also 3, 4)");
    add_parallel_flag(cmd, flags->parallel, "in enforce mode");
    cmd->add_flag("--allow-empty", flags->plan.allow_empty, "Allow pruning a site whose manifests declare no webhooks");
    cmd->add_flag("--allow-mass-delete", flags->plan.allow_mass_delete,
                  "Allow deleting more than half (and more than 3) of a site's managed webhooks");
    cmd->footer("Signals: SIGHUP reloads at once; SIGTERM/SIGINT finish the requests in flight and exit 0.\n"
                "Examples:\n  tabhook run /etc/tabhook/manifests --listen 127.0.0.1:9464\n"
                "  tabhook run webhooks/ --mode enforce --interval 10m --report /var/lib/tabhook/drift.json");
    cmd->callback([flags, &result] { result.exit_code = run_run(*flags); });
}

} // namespace tabhook::cli
