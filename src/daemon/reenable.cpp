#include "daemon/reenable.hpp"

#include <algorithm>

namespace tabhook::daemon {

const SteadyTime* ReenableLedger::last(const ReenableKey& key) const {
    const auto it = last_.find(key);
    return it == last_.end() ? nullptr : &it->second;
}

void ReenableLedger::forget_before(SteadyTime horizon) {
    std::erase_if(last_, [&](const auto& entry) { return entry.second < horizon; });
}

bool is_reenable(const plan::Change& change) {
    return std::find(change.drift.begin(), change.drift.end(), plan::Drift::disabled) != change.drift.end();
}

FilteredPlan filter_reenables(const plan::SitePlan& site_plan, const ReenableLedger& ledger, SteadyTime now,
                              std::chrono::milliseconds interval) {
    FilteredPlan out;
    out.plan = site_plan;
    out.plan.changes.clear();
    for (const auto& c : site_plan.changes) {
        if (is_reenable(c) && c.live) {
            const SteadyTime* last = ledger.last({site_plan.site, c.name, c.live->id});
            if (last && now - *last < interval) {
                out.suppressed.push_back(c);
                continue;
            }
        }
        out.plan.changes.push_back(c);
    }
    return out;
}

void record_reenables(ReenableLedger& ledger, const plan::SiteResult& result, SteadyTime now) {
    for (const auto& o : result.outcomes) {
        if (o.status == plan::Outcome::Status::skipped || !is_reenable(o.change)) continue;
        if (o.change.live) ledger.record({result.site, o.change.name, o.change.live->id}, now);
        if (!o.new_id.empty()) ledger.record({result.site, o.change.name, o.new_id}, now);
    }
}

} // namespace tabhook::daemon
