#pragma once
// Re-enabling at most once per interval. Tableau disables a webhook whose receiver keeps failing; were the
// daemon to re-enable it every cycle, a dead receiver would cause a loop of writes and failed tests. The
// ledger remembers when each webhook (site + name + id) was last re-enabled, and the filter takes the
// re-enables it would repeat too soon out of a site's plan, to be reported instead. Pure: time is an
// argument.
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "plan/plan.hpp"
#include "plan/result.hpp"

namespace tabhook::daemon {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ReenableKey {
    std::string site, name, id;
    auto operator<=>(const ReenableKey&) const = default;
};

class ReenableLedger {
  public:
    void record(const ReenableKey& key, SteadyTime when) { last_[key] = when; }
    // When this webhook was last re-enabled, if the ledger remembers it.
    const SteadyTime* last(const ReenableKey& key) const;
    // Forgets entries older than `horizon`, so the ledger does not grow without bound.
    void forget_before(SteadyTime horizon);
    std::size_t size() const { return last_.size(); }

  private:
    std::map<ReenableKey, SteadyTime> last_;
};

// Whether a change re-enables a webhook Tableau disabled: it repairs the disabled-on-server class, by
// PUT or by replacing it (possibly together with other changes).
bool is_reenable(const plan::Change& change);

struct FilteredPlan {
    plan::SitePlan plan;                  // the site's plan without the suppressed changes
    std::vector<plan::Change> suppressed; // re-enables held back: one was done less than `interval` ago
};

FilteredPlan filter_reenables(const plan::SitePlan& site_plan, const ReenableLedger& ledger, SteadyTime now,
                              std::chrono::milliseconds interval);

// Records every re-enable the apply attempted (done or failed), under the old id and the id of the webhook
// that replaced it, if any.
void record_reenables(ReenableLedger& ledger, const plan::SiteResult& result, SteadyTime now);

} // namespace tabhook::daemon
