// Planner alone: 10,000 declared against 10,000 live webhooks (most equal, some changed, some missing,
// some undeclared), against the budget of 50 ms. Baseline, measured in the same run: normalising and
// sorting the same inputs, the least any planner must do. Prints one markdown table row.
#include <cstdio>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#include "model/events.hpp"
#include "plan/planner.hpp"
#include "util/url.hpp"

using namespace tabhook;

int main() {
    constexpr int n = 10000;
    model::Site site;
    site.name = "bench";
    site.server = "https://t.example.com";
    site.prune = model::Prune::owned;
    std::vector<model::Webhook> declared;
    model::LiveWebhooks live;
    for (int i = 0; i < n; ++i) {
        const std::string name = "gitops-webhook-" + std::to_string(i);
        const std::string url = "https://relay.example.com/hooks/" + std::to_string(i) + "?token=abcdef";
        if (i % 20 != 0) // 5% missing on the site
            declared.push_back(model::Webhook{
                name, "bench", model::Event("DatasourceRefreshFailed"), url, true, model::TestPolicy::required, {}});
        model::LiveWebhook l{"id-" + std::to_string(i),
                             name,
                             model::Event("webhook-source-event-datasource-refresh-failed"),
                             i % 20 == 1 ? url + "-changed" : url,
                             true,
                             "",
                             "me",
                             "admin",
                             ""};
        if (i % 20 == 0) l.name = "gitops-old-" + std::to_string(i); // 5% undeclared
        live.push_back(l);
    }
    const plan::SiteContext ctx{"me", "3.24"};
    std::size_t changes = 0;
    const auto planner = bench::measure(9, [&] {
        changes = plan::plan_site(site, declared, live, ctx, {true, true}).changes.size();
    });
    const auto baseline = bench::measure(9, [&] {
        std::vector<std::string> keys;
        keys.reserve(declared.size() + live.size());
        for (const auto& d : declared)
            keys.push_back(d.name + model::normalize_event(d.event) + util::normalize_url(d.url));
        for (const auto& l : live)
            keys.push_back(l.name + model::normalize_event(l.event) + util::normalize_url(l.url));
        std::sort(keys.begin(), keys.end());
    });
    std::printf("| planner, 10,000 declared vs 10,000 live (%zu changes) | %.1f ms | %.1f–%.1f ms | < 50 ms | %.2f× "
                "budget; %.2f× baseline (normalise + sort, %.1f ms) |\n",
                changes, planner.median_ms, planner.min_ms, planner.max_ms, planner.median_ms / 50.0,
                planner.median_ms / baseline.median_ms, baseline.median_ms);
    return 0;
}
