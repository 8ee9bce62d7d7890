#include "reconcile/execute.hpp"

#include <algorithm>

#include "tableau/site_groups.hpp"

namespace tabhook::reconcile {

plan::SiteResult apply_site(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                            tableau::WriteClient& client, const apply::ApplyOptions& options) {
    apply::SiteRun run(site_plan, declared, client, options);
    if (!run.has_work()) return run.finish();
    run.write_changes();
    if (run.relist_due()) {
        auto listed = client.list_webhooks();
        if (listed)
            run.remove_duplicates(*listed);
        else
            run.relist_failed(listed.error().message());
    }
    if (run.tests_due()) run.test();
    return run.finish();
}

tl::expected<plan::SiteResult, std::string> execute_site(const model::Site& site, const plan::SitePlan& site_plan,
                                                         const std::vector<model::Webhook>& declared,
                                                         Sessions& sessions, const apply::ApplyOptions& options) {
    auto client = sessions.writer(site);
    if (!client) return tl::unexpected(client.error().message());
    return apply_site(site_plan, declared, **client, options);
}

tl::expected<std::vector<plan::TestOutcome>, std::string> test_site(const SiteObservation& observed, Sessions& sessions,
                                                                    const apply::ApplyOptions& options) {
    auto client = sessions.writer(*observed.site);
    if (!client) return tl::unexpected(client.error().message());
    return apply::test_declared(*observed.declared, *observed.live, **client, options);
}

namespace {

// Whether executing the plan sends anything: its changes, or with --test all the tests of the unchanged
// webhooks. A site without either is not visited, so a session shared by several sites does not switch to
// it for nothing; its result is what the executor would give it without a request.
bool sends_anything(const plan::SitePlan& p, const apply::ApplyOptions& options) {
    return !p.refused() && (!p.changes.empty() || options.test == apply::TestMode::all);
}

} // namespace

plan::Result execute(std::vector<SiteObservation>& sites, const DesiredSites& desired, Sessions& sessions,
                     const apply::ApplyOptions& options) {
    plan::Result result;
    result.sites.resize(sites.size());
    const auto run = [&](std::size_t i) {
        auto& s = sites[i];
        auto& r = result.sites[i];
        r.site = s.site->name;
        if (s.plan->suspended) { // never signed in
            r.suspended = true;
            return;
        }
        if (!s.ok()) {
            r.error = s.error;
            return;
        }
        if (!sends_anything(*s.plan, options)) {
            r.refused = s.plan->refused();
            r.interrupted = !r.refused && options.stop.stop_requested();
            return;
        }
        auto applied = execute_site(*s.site, *s.plan, *s.declared, sessions, options);
        if (!applied) {
            s.error = applied.error();
            r.error = s.error;
            return;
        }
        r = std::move(*applied);
    };
    tableau::for_each_group(desired.sites, [&](const std::vector<std::size_t>& group) {
        // The group's session is on the site it read last: that site goes first, saving one switch; the
        // rest follow in the manifests' order.
        auto order = group;
        std::stable_partition(order.begin(), order.end(),
                              [&](std::size_t i) { return sessions.current(desired.sites[i]); });
        for (const auto i : order) run(i);
    });
    return result;
}

} // namespace tabhook::reconcile
