#include "reconcile/observe.hpp"

#include "tableau/site_groups.hpp"

namespace tabhook::reconcile {

namespace {

using Failure = SiteObservation::Failure;

// A site that fails before it is planned keeps a plan all the same (only its name and contentUrl), so
// every observation has one; the plan of a site that fails later (shared_site) is kept as it is.
void fail(SiteObservation& s, Failure failure, std::string error) {
    s.failure = failure;
    s.error = std::move(error);
    if (s.plan) return;
    auto unread = std::make_shared<plan::SitePlan>();
    unread->site = s.site->name;
    unread->content_url = s.site->content_url;
    s.plan = std::move(unread);
}

// The plan made from this list and session: the memo's when it was made from the very same ones.
void plan_site(SiteObservation& s, const ObserveOptions& options, PlanMemo* memo) {
    if (memo && memo->plan && memo->live == s.live && memo->session == s.session) {
        s.plan = memo->plan;
        return;
    }
    s.plan = std::make_shared<const plan::SitePlan>(plan::plan_site(
        *s.site, *s.declared, *s.live, plan::SiteContext{s.session.user_id, s.session.api_version}, options.plan));
    s.planned = true;
    if (memo) *memo = PlanMemo{s.live, s.session, s.plan};
}

// Sign in, list, plan: the only place a site is read.
void connect_list_plan(SiteObservation& s, Sessions& sessions, const ObserveOptions& options, PlanMemo* memo) {
    auto client = sessions.reader(*s.site);
    if (!client) return fail(s, Failure::sign_in, client.error().message());
    auto live = (*client)->list_webhooks_shared();
    const bool listed = live.has_value();
    if (listed) {
        s.session = (*client)->session();
        s.live = std::move(*live);
    }
    sessions.done_listing(*s.site, listed); // may sign out: nothing of the client is used below
    if (!listed) return fail(s, Failure::list, live.error().message());
    s.site_id = s.session.site_id;
    plan_site(s, options, memo);
}

void observe_site(const DesiredSites& desired, std::size_t i, Sessions& sessions, const ObserveOptions& options,
                  SiteObservation& s) {
    s.site = &desired.sites[i];
    s.declared = &desired.webhooks[i];
    if (options.stop.stop_requested()) return fail(s, Failure::stopped, "interrupted before the site was read");
    if (options.skip_suspended && s.site->suspend) {
        s.skipped_suspended = true;
        s.plan = std::make_shared<const plan::SitePlan>(plan::site_header(*s.site, *s.declared));
        return;
    }
    if (options.before_read)
        if (auto error = options.before_read(i); !error.empty()) return fail(s, Failure::before_read, error);
    connect_list_plan(s, sessions, options, options.memos ? &(*options.memos)[i] : nullptr);
}

} // namespace

void observe_group(const DesiredSites& desired, const std::vector<std::size_t>& group, Sessions& sessions,
                   const ObserveOptions& options, std::vector<SiteObservation>& out) {
    for (const auto i : group) {
        observe_site(desired, i, sessions, options, out[i]);
        if (options.on_read) options.on_read(i, out[i]);
    }
}

std::vector<SiteObservation> observe(const DesiredSites& desired, Sessions& sessions, const ObserveOptions& options) {
    std::vector<SiteObservation> out(desired.sites.size());
    tableau::for_each_group(desired.sites, [&](const std::vector<std::size_t>& group) {
        observe_group(desired, group, sessions, options, out);
    });
    // Two sites that signed in to one Tableau site would each plan against the other's webhooks: both are
    // refused before anything is written to either.
    std::vector<std::string> site_ids;
    site_ids.reserve(out.size());
    for (const auto& s : out) site_ids.push_back(s.ok() ? s.site_id : "");
    const auto errors = tableau::shared_site_errors(desired.sites, site_ids);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (errors[i].empty()) continue;
        fail(out[i], Failure::shared_site, errors[i]);
        sessions.drop(desired.sites[i]);
    }
    return out;
}

plan::Plan plan_of(const std::vector<SiteObservation>& sites) {
    plan::Plan p;
    for (const auto& s : sites) {
        if (s.ok()) {
            p.sites.push_back(*s.plan);
            continue;
        }
        plan::SitePlan unread = plan::site_header(*s.site, *s.declared);
        unread.error = s.error;
        p.sites.push_back(std::move(unread));
    }
    return p;
}

} // namespace tabhook::reconcile
