#include "daemon/cycle_metrics.hpp"

#include <map>
#include <string>

namespace tabhook::daemon {

void update_metrics(Metrics& metrics, const report::CycleReport& report) {
    metrics.set_manifests_valid(report.manifest_errors.empty());
    metrics.observe_cycle(report.duration_seconds, !report.failed());
    if (!report.manifest_errors.empty()) return; // the sites were not contacted: keep their last figures
    for (const auto& known : metrics.sites()) {
        bool present = false;
        for (const auto& s : report.sites) present = present || s.site == known;
        if (!present) metrics.forget_site(known);
    }
    for (const auto& s : report.sites) {
        metrics.set_site_ok(s.site, s.listed || (s.suspended && s.error.empty()));
        if (s.listed) {
            std::map<std::string, int> by_class;
            for (const auto& c : s.plan.changes)
                for (const auto d : c.drift) ++by_class[plan::to_string(d)];
            metrics.set_drift(s.site, by_class);
        }
        if (s.listed && s.ok() && !s.refused) metrics.set_last_success(s.site, report.started_unix);
        if (!s.suppressed.empty()) metrics.count_reenable_suppressed(s.site, static_cast<int>(s.suppressed.size()));
        if (s.applied) {
            std::map<std::string, int> ops;
            for (const auto& o : s.applied->outcomes) ++ops[plan::to_string(o.status)];
            for (const auto& [result, n] : ops) metrics.count_apply_operation(s.site, result, n);
            for (const auto& t : s.applied->tests) metrics.count_receiver_test(s.site, t.passed ? "passed" : "failed");
            if (s.applied->concurrency.reached > 0) {
                metrics.set_concurrency_reached(s.site, s.applied->concurrency.reached);
                if (s.applied->concurrency.throttled > 0)
                    metrics.count_throttled(s.site, s.applied->concurrency.throttled);
            }
        }
    }
}

} // namespace tabhook::daemon
