#include "daemon/daemon.hpp"

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "daemon/cycle_metrics.hpp"
#include "daemon/drift_alert.hpp"
#include "util/duration.hpp"
#include "util/stop_token.hpp"
#include "daemon/instance_lock.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/loop.hpp"
#include "daemon/real_connector.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/signals.hpp"
#include "daemon/status_board.hpp"
#include "daemon/status_server.hpp"
#include "report/cycle_report.hpp"
#include "report/json_text.hpp"
#include "report/status_page.hpp"
#include "http/curl_transport.hpp"
#include "util/atomic_file.hpp"
#include "util/git.hpp"
#include "util/url.hpp"

namespace tabhook::daemon {

namespace {

using std::chrono::milliseconds;

long long steady_ms() {
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The loop is alive while now < alive_until: a cycle gets a generous bound, a wait its own length. /healthz
// and the systemd watchdog both ask.
class Liveness {
  public:
    explicit Liveness(const tableau::ClientOptions& client)
        : cycle_bound_ms_(60'000 + 4LL * client.retry.max_attempts *
                                       (client.connect_timeout.count() + client.request_timeout.count())),
          alive_until_ms_(steady_ms() + cycle_bound_ms_) {}
    bool alive() const { return steady_ms() < alive_until_ms_.load(); }
    void cycle_started() { alive_until_ms_.store(steady_ms() + cycle_bound_ms_); }
    void waiting(milliseconds delay) { alive_until_ms_.store(steady_ms() + delay.count() + 30'000); }

  private:
    const long long cycle_bound_ms_;
    std::atomic<long long> alive_until_ms_;
};

int cannot_start(const std::string& message, int code = 1) {
    std::cerr << "tabhook: " << message << '\n';
    return code;
}

bool notify_configured(const OutputConfig& c) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* env = std::getenv("TABHOOK_NOTIFY_URL");
    return !c.notify_url_file.empty() || (env && *env);
}

// What the daemon holds while it runs. start() brings the parts up in order, run() is the loop, and the
// members go down in the reverse order of their declaration.
class Daemon {
  public:
    Daemon(const DaemonConfig& config, Log& log, std::string lock_path)
        : config_(config), log_(log), lock_path_(std::move(lock_path)), liveness_(config.client),
          connector_(config.client, metrics_), sessions_(connector_, config.reconcile.mode == Mode::enforce),
          manifests_(config.reconcile.paths, config.reconcile.sites, config.reconcile.load),
          dir_(util::checkout_dir(config.reconcile.paths)) {
        metrics_.set_up(true);
    }

    // 0, or the exit code when a part cannot start.
    int start() {
        if (const int code = start_status_server()) return code;
        watchdog_ = Watchdog::from_env(*notifier_, [this] { return liveness_.alive(); });
        if (const int code = start_reconciler()) return code;
        start_alerts();
        log_.write(LogLine("info", "starting")
                       .kv("mode", to_string(config_.reconcile.mode))
                       .kv("interval", util::format_duration(config_.schedule.interval))
                       .kv("reenable_interval", util::format_duration(config_.reconcile.reenable_interval))
                       .kv("lock", lock_path_)
                       .kv("systemd", notifier_->enabled() ? "notify" : "no"));
        return 0;
    }

    // The loop, then the shutdown: returns 0 after a stop, or the cycle's exit code with --once.
    int run() {
        LoopOptions options;
        options.schedule = schedule_for(config_.schedule.interval);
        options.once = config_.schedule.once;
        LoopDeps deps{waiter_, *notifier_, clock_, {}, [this] { return uniform_(rng_); }, {}};
        deps.on_wait = [this](milliseconds delay) { wait_started(delay); };
        deps.cycle = [this](bool reload) { return cycle(reload); };
        const int code = run_loop(options, deps);
        log_.write(LogLine("info", "stopping: signing out"));
        metrics_.set_up(false);
        watchdog_.reset();
        reconciler_->shutdown();
        server_.reset();
        log_.write(LogLine("info", "stopped").kv("exit", code));
        return code;
    }

  private:
    // One cycle, as its steps: pull, reconcile, then what the cycle leaves behind (metrics, the status board,
    // the report file, the drift alert, the log line). A cycle a stop cut short leaves only metrics and log.
    CycleSummary cycle(bool reload) {
        liveness_.cycle_started();
        if (reload) log_.write(LogLine("info", "reloading: re-reading the manifests and the sites"));
        if (config_.schedule.pull) pull();
        const CycleReport report = reconciler_->run_cycle(reload);
        update_metrics(metrics_, report);
        if (!report.interrupted) {
            board_.record(report, static_cast<std::int64_t>(std::time(nullptr)));
            write_report_file(report);
            send_alert(report);
        }
        log_cycle(report);
        ready_.store(true);
        return CycleSummary{report.failed(), report::status_line(report), report::once_exit_code(report)};
    }

    void pull() {
        const auto pulled = util::git_pull(dir_, config_.schedule.pull_timeout, util::StopToken(stop_flag()));
        if (pulled.exit_status == 0) return;
        // git quotes the remote's URL, whose path or query may hold a token.
        const std::string first_line = util::redact_urls(pulled.out.substr(0, pulled.out.find('\n')));
        log_.write(LogLine("warn", "git pull --ff-only failed; using the manifests as they are")
                       .kv("dir", dir_)
                       .kv("status", pulled.exit_status)
                       .kv("error", pulled.timed_out ? std::string("timed out") : first_line));
    }

    void write_report_file(const CycleReport& report) {
        const std::string& file = config_.outputs.report_file;
        if (file.empty()) return;
        const std::string text = report::json_text(report::cycle_report_json(report), 2) + "\n";
        if (auto written = util::replace_file(file, text, util::kPrivateFileMode); !written)
            log_.write(
                LogLine("error", "cannot write the report file").kv("file", file).kv("error", written.error().message));
    }

    void send_alert(const CycleReport& report) {
        if (!sender_) return;
        if (auto body = alerter_.observe(report); body && sender_->send(*body)) alerter_.acknowledge();
    }

    void log_cycle(const CycleReport& report) {
        int errors = 0;
        for (const auto& s : report.sites) errors += s.ok() ? 0 : 1;
        log_.write(LogLine(report.failed() ? "warn" : "info", "cycle")
                       .kv("n", static_cast<long long>(report.number))
                       .kv("mode", to_string(report.mode))
                       .kv("sites", static_cast<long long>(report.sites.size()))
                       .kv("drift", report.findings())
                       .kv("errors", errors)
                       .kv("duration", fmt::format("{:.3f}s", report.duration_seconds)));
    }

    void wait_started(milliseconds delay) {
        liveness_.waiting(delay);
        if (config_.outputs.verbose) log_.write(LogLine("debug", "next cycle").kv("in", util::format_duration(delay)));
    }

    int start_status_server() {
        const std::string& listen = config_.outputs.listen;
        if (listen.empty()) return 0;
        const auto address = parse_listen(listen);
        if (!address) return cannot_start("--listen " + listen + ": expected HOST:PORT", 64);
        StatusServer::Probes probes;
        probes.alive = [this] { return liveness_.alive(); };
        probes.ready = [this] { return ready_.load(); };
        probes.page = [this] { return report::render_status_page(board_.snapshot()); };
        probes.status_json = [this] { return report::json_text(report::status_json(board_.snapshot()), 2) + "\n"; };
        auto started = StatusServer::start(*address, metrics_, probes);
        if (!started) return cannot_start(started.error().message);
        server_ = std::move(*started);
        const std::string host =
            address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
        log_.write(LogLine("info", "listening").kv("addr", fmt::format("{}:{}", host, server_->port())));
        return 0;
    }

    int start_reconciler() {
        const ReconcileConfig& c = config_.reconcile;
        ReconcilerOptions options;
        options.mode = c.mode;
        options.reenable_interval = c.reenable_interval;
        options.plan = c.plan;
        options.parallel = c.parallel;
        options.stop = util::StopToken(stop_flag());
        options.lock_timeout = c.lock_timeout;
        if (c.mode == Mode::enforce) {
            const auto dir = util::lock_directory(process_env());
            if (!dir) return cannot_start(dir.error().message);
            options.lock_directory = *dir;
        }
        reconciler_ = std::make_unique<Reconciler>(manifests_, sessions_, options, log_, clock_);
        reconciler_->commit_lookup = [dir = dir_] { return util::git_commit(dir); };
        return 0;
    }

    void start_alerts() {
        if (!notify_configured(config_.outputs)) return;
        sender_ = std::make_unique<AlertSender>(
            config_.outputs.notify_url_file,
            std::make_shared<http::CurlTransport>(http::CurlOptions{config_.client.cacert, config_.client.user_agent}),
            log_, metrics_, config_.client.request_timeout);
    }

    const DaemonConfig& config_;
    Log& log_;
    const std::string lock_path_;
    SignalWaiter waiter_;
    std::unique_ptr<SdNotifier> notifier_ = SdNotifier::from_env();
    SystemClock clock_;
    Metrics metrics_;
    Liveness liveness_;
    std::atomic<bool> ready_{false};
    StatusBoard board_;
    std::unique_ptr<StatusServer> server_;
    std::unique_ptr<Watchdog> watchdog_;
    RealConnector connector_;
    SessionPool sessions_;
    ManifestCache manifests_;
    const std::string dir_; // the manifests' checkout: git pull and the commit
    std::unique_ptr<Reconciler> reconciler_;
    DriftAlerter alerter_;
    std::unique_ptr<AlertSender> sender_;
    std::mt19937_64 rng_{std::random_device{}()};
    std::uniform_real_distribution<double> uniform_{0.0, 1.0};
};

} // namespace

int run_daemon(const DaemonConfig& config) {
    StderrLog log;
    auto lock = InstanceLock::acquire(config.reconcile.paths, process_env());
    if (!lock) return cannot_start(lock.error().message);
    Daemon running(config, log, lock->path());
    if (const int code = running.start()) return code;
    return running.run();
}

} // namespace tabhook::daemon
