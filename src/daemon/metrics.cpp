#include "daemon/metrics.hpp"

#include <fmt/format.h>

namespace tabhook::daemon {

namespace {

constexpr const char* kDriftClasses[] = {"missing", "changed", "disabled-on-server", "duplicate",
                                         "owned-but-undeclared"};

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string number(double v) { return fmt::format("{}", v); }

} // namespace

std::string prometheus_label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void Metrics::set_up(bool up) {
    const std::lock_guard lock(mutex_);
    up_ = up;
}

void Metrics::set_drift(const std::string& site, const std::map<std::string, int>& by_class) {
    const std::lock_guard lock(mutex_);
    auto& m = drift_[site];
    m.clear();
    for (const char* c : kDriftClasses) m[c] = 0;
    for (const auto& [c, n] : by_class) m[c] = n;
}

void Metrics::set_site_ok(const std::string& site, bool ok) {
    const std::lock_guard lock(mutex_);
    site_ok_[site] = ok;
}

void Metrics::set_last_success(const std::string& site, double unix_seconds) {
    const std::lock_guard lock(mutex_);
    last_success_[site] = unix_seconds;
}

void Metrics::set_manifests_valid(bool valid) {
    const std::lock_guard lock(mutex_);
    manifests_valid_ = valid;
}

void Metrics::observe_cycle(double seconds, bool ok) {
    const std::lock_guard lock(mutex_);
    cycle_seconds_ = seconds;
    cycle_seconds_sum_ += seconds;
    ++cycles_[ok ? "ok" : "error"];
}

void Metrics::count_api_request(const std::string& site, const std::string& method, const std::string& status) {
    const std::lock_guard lock(mutex_);
    ++api_requests_[{site, method, status}];
}

void Metrics::count_receiver_test(const std::string& site, const std::string& result) {
    const std::lock_guard lock(mutex_);
    ++receiver_tests_[{site, result}];
}

void Metrics::count_reenable_suppressed(const std::string& site, int n) {
    const std::lock_guard lock(mutex_);
    reenable_suppressed_[site] += n;
}

void Metrics::count_apply_operation(const std::string& site, const std::string& result, int n) {
    const std::lock_guard lock(mutex_);
    apply_operations_[{site, result}] += n;
}

void Metrics::count_notification(const std::string& result) {
    const std::lock_guard lock(mutex_);
    ++notifications_[result];
}

void Metrics::set_concurrency_reached(const std::string& site, int reached) {
    const std::lock_guard lock(mutex_);
    concurrency_reached_[site] = reached;
}

void Metrics::count_throttled(const std::string& site, int n) {
    const std::lock_guard lock(mutex_);
    throttled_[site] += n;
}

void Metrics::forget_site(const std::string& site) {
    const std::lock_guard lock(mutex_);
    concurrency_reached_.erase(site);
    drift_.erase(site);
    site_ok_.erase(site);
    last_success_.erase(site);
}

std::vector<std::string> Metrics::sites() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [site, _] : site_ok_) out.push_back(site);
    return out;
}

std::string Metrics::render() const {
    const std::lock_guard lock(mutex_);
    std::string out;
    header(out, "tabhook_up", "gauge", "1 while the reconcile loop runs");
    out += fmt::format("tabhook_up {}\n", up_ ? 1 : 0);

    header(out, "tabhook_manifests_valid", "gauge", "1 when the manifests loaded without error in the last cycle");
    out += fmt::format("tabhook_manifests_valid {}\n", manifests_valid_ ? 1 : 0);

    header(out, "tabhook_drift", "gauge", "Drift findings in the last cycle, by site and class");
    for (const auto& [site, classes] : drift_)
        for (const auto& [cls, n] : classes)
            out += fmt::format("tabhook_drift{{site=\"{}\",class=\"{}\"}} {}\n", prometheus_label(site),
                               prometheus_label(cls), n);

    header(out, "tabhook_site_up", "gauge", "1 when the site was signed in to and listed in the last cycle");
    for (const auto& [site, ok] : site_ok_)
        out += fmt::format("tabhook_site_up{{site=\"{}\"}} {}\n", prometheus_label(site), ok ? 1 : 0);

    header(out, "tabhook_last_successful_reconcile_timestamp_seconds", "gauge",
           "Unix time of the last cycle that listed the site (and, in enforce mode, applied without error)");
    for (const auto& [site, t] : last_success_)
        out += fmt::format("tabhook_last_successful_reconcile_timestamp_seconds{{site=\"{}\"}} {:.3f}\n",
                           prometheus_label(site), t);

    header(out, "tabhook_cycle_duration_seconds", "gauge", "Duration of the last cycle");
    out += fmt::format("tabhook_cycle_duration_seconds {}\n", number(cycle_seconds_));
    header(out, "tabhook_cycle_duration_seconds_total", "counter", "Time spent in cycles since start");
    out += fmt::format("tabhook_cycle_duration_seconds_total {}\n", number(cycle_seconds_sum_));

    header(out, "tabhook_cycles_total", "counter", "Cycles run, by result");
    for (const char* r : {"ok", "error"}) {
        const auto it = cycles_.find(r);
        out += fmt::format("tabhook_cycles_total{{result=\"{}\"}} {}\n", r, it == cycles_.end() ? 0 : it->second);
    }

    header(out, "tabhook_api_requests_total", "counter",
           "Requests to Tableau's REST API, by site, method and HTTP status (\"error\": no response)");
    for (const auto& [key, n] : api_requests_) {
        const auto& [site, method, status] = key;
        out += fmt::format("tabhook_api_requests_total{{site=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                           prometheus_label(site), prometheus_label(method), prometheus_label(status), n);
    }

    header(out, "tabhook_receiver_test_total", "counter", "Receiver tests after a change, by site and result");
    for (const auto& [key, n] : receiver_tests_)
        out += fmt::format("tabhook_receiver_test_total{{site=\"{}\",result=\"{}\"}} {}\n", prometheus_label(key.first),
                           prometheus_label(key.second), n);

    header(out, "tabhook_apply_operations_total", "counter", "Changes applied in enforce mode, by site and result");
    for (const auto& [key, n] : apply_operations_)
        out += fmt::format("tabhook_apply_operations_total{{site=\"{}\",result=\"{}\"}} {}\n",
                           prometheus_label(key.first), prometheus_label(key.second), n);

    header(out, "tabhook_reenable_suppressed_total", "counter",
           "Re-enables held back because the webhook was re-enabled less than --reenable-interval ago");
    std::map<std::string, long long> suppressed = reenable_suppressed_;
    for (const auto& [site, _] : site_ok_) suppressed.try_emplace(site, 0);
    for (const auto& [site, n] : suppressed)
        out += fmt::format("tabhook_reenable_suppressed_total{{site=\"{}\"}} {}\n", prometheus_label(site), n);

    header(out, "tabhook_concurrency_reached", "gauge",
           "Operations in flight at once on the site during its last repair in enforce mode (--parallel)");
    for (const auto& [site, n] : concurrency_reached_)
        out += fmt::format("tabhook_concurrency_reached{{site=\"{}\"}} {}\n", prometheus_label(site), n);
    header(out, "tabhook_throttled_requests_total", "counter",
           "Requests the site answered 429 or 503 during repairs in enforce mode");
    for (const auto& [site, n] : throttled_)
        out += fmt::format("tabhook_throttled_requests_total{{site=\"{}\"}} {}\n", prometheus_label(site), n);

    header(out, "tabhook_notifications_total", "counter", "Drift notifications sent, by result");
    for (const auto& [result, n] : notifications_)
        out += fmt::format("tabhook_notifications_total{{result=\"{}\"}} {}\n", prometheus_label(result), n);
    return out;
}

} // namespace tabhook::daemon
