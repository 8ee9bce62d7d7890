#include "plan/keeper.hpp"

#include <algorithm>
#include <tuple>

#include "plan/planner.hpp"

namespace tabhook::plan {

bool kept_before(const model::LiveWebhook& a, const model::LiveWebhook& b) {
    const bool untimed_a = a.created_at.empty(), untimed_b = b.created_at.empty();
    return std::tie(untimed_a, a.created_at, a.id) < std::tie(untimed_b, b.created_at, b.id);
}

void sort_keeper_order(std::vector<const model::LiveWebhook*>& group) {
    std::sort(group.begin(), group.end(), [](const auto* a, const auto* b) { return kept_before(*a, *b); });
}

const model::LiveWebhook* pick_keeper(const std::vector<const model::LiveWebhook*>& group,
                                      const model::Webhook* declared) {
    const model::LiveWebhook* oldest = nullptr;
    const model::LiveWebhook* oldest_matching = nullptr;
    for (const auto* l : group) {
        if (!oldest || kept_before(*l, *oldest)) oldest = l;
        if (declared && matches(*declared, *l) && (!oldest_matching || kept_before(*l, *oldest_matching)))
            oldest_matching = l;
    }
    return oldest_matching ? oldest_matching : oldest;
}

} // namespace tabhook::plan
