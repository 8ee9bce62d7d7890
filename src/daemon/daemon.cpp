#include "daemon/daemon.hpp"

#include <condition_variable>
#include <ctime>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/atomic_file.hpp"
#include "util/git.hpp"
#include "util/url.hpp"
#include "daemon/cycle_report.hpp"
#include "daemon/drift_alert.hpp"
#include "daemon/duration.hpp"
#include "daemon/instance_lock.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/loop.hpp"
#include "daemon/real_connector.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/signals.hpp"
#include "daemon/status_page.hpp"
#include "daemon/status_server.hpp"
#include "report/json_text.hpp"
#include "tableau/curl_transport.hpp"

namespace tabhook::daemon {

namespace {

using std::chrono::milliseconds;

long long steady_ms() {
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Sends WATCHDOG=1 every period while the loop is alive (inside a cycle that has not overrun its bound, or
// waiting for the next one), so a hung loop is restarted by systemd.
class Watchdog {
  public:
    Watchdog(Notifier& notifier, std::chrono::microseconds period, const std::atomic<long long>& alive_until_ms)
        : notifier_(notifier), period_(period), alive_until_ms_(alive_until_ms), thread_([this] { run(); }) {}
    ~Watchdog() {
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

  private:
    void run() {
        std::unique_lock lock(mutex_);
        while (!done_) {
            if (steady_ms() < alive_until_ms_.load()) notifier_.notify("WATCHDOG=1");
            cv_.wait_for(lock, period_, [this] { return done_; });
        }
    }
    Notifier& notifier_;
    std::chrono::microseconds period_;
    const std::atomic<long long>& alive_until_ms_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

bool notify_configured(const DaemonConfig& c) {
    const char* env = std::getenv("TABHOOK_NOTIFY_URL");
    return !c.notify_url_file.empty() || (env && *env);
}

} // namespace

int run_daemon(const DaemonConfig& config) {
    StderrLog log;
    auto lock = InstanceLock::acquire(config.paths, process_env());
    if (!lock) {
        std::cerr << "tabhook: " << lock.error().message << '\n';
        return 1;
    }
    SignalWaiter waiter;
    auto notifier = SdNotifier::from_env();
    SystemClock clock;
    Metrics metrics;
    metrics.set_up(true);

    // The loop is alive while now < alive_until: a cycle gets a generous bound, a wait its own length.
    const long long cycle_bound_ms =
        60'000 + 4LL * config.client.retry.max_attempts *
                     (config.client.connect_timeout.count() + config.client.request_timeout.count());
    std::atomic<long long> alive_until_ms{steady_ms() + cycle_bound_ms};
    std::atomic<bool> ready{false};
    StatusBoard board;

    std::unique_ptr<StatusServer> server;
    if (!config.listen.empty()) {
        const auto address = parse_listen(config.listen);
        if (!address) {
            std::cerr << "tabhook: --listen " << config.listen << ": expected HOST:PORT\n";
            return 64;
        }
        StatusServer::Probes probes;
        probes.alive = [&] { return steady_ms() < alive_until_ms.load(); };
        probes.ready = [&] { return ready.load(); };
        probes.page = [&board] { return render_status_page(board.snapshot()); };
        probes.status_json = [&board] { return report::json_text(board.snapshot(), 2) + "\n"; };
        auto started = StatusServer::start(*address, metrics, probes);
        if (!started) {
            std::cerr << "tabhook: " << started.error().message << '\n';
            return 1;
        }
        server = std::move(*started);
        const std::string host =
            address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
        log.write(LogLine("info", "listening").kv("addr", fmt::format("{}:{}", host, server->port())));
    }

    std::unique_ptr<Watchdog> watchdog;
    if (const auto period = watchdog_period_from_env(); period && notifier->enabled())
        watchdog = std::make_unique<Watchdog>(*notifier, *period, alive_until_ms);

    RealConnector connector(config.client, metrics);
    SessionPool sessions(connector, config.mode == Mode::enforce);
    ManifestCache manifests(config.paths, config.sites, config.load);
    ReconcilerOptions options;
    options.mode = config.mode;
    options.reenable_interval = config.reenable_interval;
    options.plan = config.plan;
    options.parallel = config.parallel;
    options.stop = util::StopToken(stop_flag());
    options.lock_timeout = config.lock_timeout;
    if (config.mode == Mode::enforce) {
        const auto dir = util::lock_directory(process_env());
        if (!dir) {
            std::cerr << "tabhook: " << dir.error().message << '\n';
            return 1;
        }
        options.lock_directory = *dir;
    }
    Reconciler reconciler(manifests, sessions, options, log, clock);
    const std::string dir = util::checkout_dir(config.paths);
    reconciler.commit_lookup = [dir] { return util::git_commit(dir); };

    DriftAlerter alerter;
    std::unique_ptr<AlertSender> sender;
    if (notify_configured(config))
        sender = std::make_unique<AlertSender>(config.notify_url_file,
                                               std::make_shared<tableau::CurlTransport>(tableau::CurlOptions{
                                                   config.client.cacert, config.client.user_agent}),
                                               log, metrics, config.client.request_timeout);

    log.write(LogLine("info", "starting")
                  .kv("mode", to_string(config.mode))
                  .kv("interval", format_duration(config.interval))
                  .kv("reenable_interval", format_duration(config.reenable_interval))
                  .kv("lock", lock->path())
                  .kv("systemd", notifier->enabled() ? "notify" : "no"));

    std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);

    LoopOptions loop_options;
    loop_options.schedule = schedule_for(config.interval);
    loop_options.once = config.once;
    LoopDeps deps{waiter, *notifier, clock, {}, [&] { return uniform(rng); }, {}};
    deps.on_wait = [&](milliseconds delay) {
        alive_until_ms.store(steady_ms() + delay.count() + 30'000);
        if (config.verbose) log.write(LogLine("debug", "next cycle").kv("in", format_duration(delay)));
    };
    deps.cycle = [&](bool reload) -> CycleSummary {
        alive_until_ms.store(steady_ms() + cycle_bound_ms);
        if (reload) log.write(LogLine("info", "reloading: re-reading the manifests and the sites"));
        if (config.pull) {
            const auto pulled = util::git_pull(dir, config.pull_timeout, &stop_flag());
            if (pulled.exit_status != 0) {
                // git quotes the remote's URL, whose path or query may hold a token.
                std::string first_line = util::redact_urls(pulled.out.substr(0, pulled.out.find('\n')));
                log.write(LogLine("warn", "git pull --ff-only failed; using the manifests as they are")
                              .kv("dir", dir)
                              .kv("status", pulled.exit_status)
                              .kv("error", pulled.timed_out ? std::string("timed out") : first_line));
            }
        }
        const CycleReport report = reconciler.run_cycle(reload);
        update_metrics(metrics, report);
        if (!report.interrupted) {
            const auto doc = cycle_report_json(report);
            board.record(doc, static_cast<std::int64_t>(std::time(nullptr)));
            if (!config.report_file.empty())
                if (auto written = util::replace_file(config.report_file, report::json_text(doc, 2) + "\n",
                                                      util::kPrivateFileMode);
                    !written)
                    log.write(LogLine("error", "cannot write the report file")
                                  .kv("file", config.report_file)
                                  .kv("error", written.error().message));
        }
        if (sender && !report.interrupted)
            if (auto body = alerter.observe(report); body && sender->send(*body)) alerter.acknowledge();
        const std::string status = status_line(report);
        int errors = 0;
        for (const auto& s : report.sites) errors += s.ok() ? 0 : 1;
        log.write(LogLine(report.failed() ? "warn" : "info", "cycle")
                      .kv("n", static_cast<long long>(report.number))
                      .kv("mode", to_string(report.mode))
                      .kv("sites", static_cast<long long>(report.sites.size()))
                      .kv("drift", report.findings())
                      .kv("errors", errors)
                      .kv("duration", fmt::format("{:.3f}s", report.duration_seconds)));
        ready.store(true);
        return CycleSummary{report.failed(), status, once_exit_code(report)};
    };

    const int code = run_loop(loop_options, deps);
    log.write(LogLine("info", "stopping: signing out"));
    metrics.set_up(false);
    watchdog.reset();
    reconciler.shutdown();
    server.reset();
    log.write(LogLine("info", "stopped").kv("exit", code));
    return code;
}

} // namespace tabhook::daemon
