#include "reconcile/execute.hpp"

#include "tableau/site_groups.hpp"

namespace tabhook::reconcile {

tl::expected<plan::SiteResult, std::string> execute_site(const model::Site& site, const plan::SitePlan& site_plan,
                                                         const std::vector<model::Webhook>& declared,
                                                         Sessions& sessions, const apply::ApplyOptions& options) {
    auto client = sessions.writer(site);
    if (!client) return tl::unexpected(client.error().message());
    return apply::apply_site(site_plan, declared, **client, options);
}

tl::expected<std::vector<plan::TestOutcome>, std::string> test_site(const SiteObservation& observed, Sessions& sessions,
                                                                    const apply::ApplyOptions& options) {
    auto client = sessions.writer(*observed.site);
    if (!client) return tl::unexpected(client.error().message());
    return apply::test_declared(*observed.declared, *observed.live, **client, options);
}

plan::Result execute(std::vector<SiteObservation>& sites, const DesiredSites& desired, Sessions& sessions,
                     const apply::ApplyOptions& options) {
    plan::Result result;
    result.sites.resize(sites.size());
    tableau::for_each_site(desired.sites, [&](std::size_t i) {
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
        auto applied = execute_site(*s.site, *s.plan, *s.declared, sessions, options);
        if (!applied) {
            s.error = applied.error();
            r.error = s.error;
            return;
        }
        r = std::move(*applied);
    });
    return result;
}

} // namespace tabhook::reconcile
