#pragma once
// The daemon's Prometheus metrics, kept in one thread-safe store and rendered in the text exposition
// format on /metrics. Labels carry site names, drift classes, HTTP methods and statuses, never a URL or
// any other secret.
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace tabhook::daemon {

class Metrics {
  public:
    void set_up(bool up);
    // Replaces a site's drift counts; every known class is exported, 0 when absent.
    void set_drift(const std::string& site, const std::map<std::string, int>& by_class);
    void set_site_ok(const std::string& site, bool ok);
    void set_last_success(const std::string& site, double unix_seconds);
    void set_manifests_valid(bool valid);
    void observe_cycle(double seconds, bool ok);
    void count_api_request(const std::string& site, const std::string& method, const std::string& status);
    void count_receiver_test(const std::string& site, const std::string& result);
    void count_reenable_suppressed(const std::string& site, int n = 1);
    void count_apply_operation(const std::string& site, const std::string& result, int n = 1);
    void count_notification(const std::string& result);
    // The last enforce repair of a site: the most operations in flight at once (--parallel), and the requests
    // the server throttled (429/503) during it.
    void set_concurrency_reached(const std::string& site, int reached);
    void count_throttled(const std::string& site, int n);
    // Drops a site no longer in the manifests from the gauges (counters stay: they only grow).
    void forget_site(const std::string& site);
    std::vector<std::string> sites() const;

    std::string render() const;

  private:
    mutable std::mutex mutex_;
    bool up_ = false;
    bool manifests_valid_ = true;
    std::map<std::string, std::map<std::string, int>> drift_;
    std::map<std::string, bool> site_ok_;
    std::map<std::string, double> last_success_;
    double cycle_seconds_ = 0;
    double cycle_seconds_sum_ = 0;
    std::map<std::string, long long> cycles_; // by result
    std::map<std::tuple<std::string, std::string, std::string>, long long> api_requests_;
    std::map<std::pair<std::string, std::string>, long long> receiver_tests_;
    std::map<std::string, long long> reenable_suppressed_;
    std::map<std::pair<std::string, std::string>, long long> apply_operations_;
    std::map<std::string, long long> notifications_;
    std::map<std::string, int> concurrency_reached_;
    std::map<std::string, long long> throttled_;
};

// A label value escaped for the exposition format (\\, \", \n).
std::string prometheus_label(const std::string& value);

} // namespace tabhook::daemon
