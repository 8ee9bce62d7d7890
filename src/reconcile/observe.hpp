#pragma once
// Observe: sign in, list the live webhooks and plan, for every selected site; then refuse the sites that
// turned out to be one Tableau site. The one place tabhook reads a site, for the CLI (plan, drift, export,
// apply, test) and the daemon alike.
//
// Sites are worked on by session group (tableau::session_groups): groups in parallel, the sites of a group
// one after another, since signing in with a personal access token ends that token's other session.
// observe_group() takes a whole group so that its sites can later share one session.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plan/planner.hpp"
#include "reconcile/desired.hpp"
#include "reconcile/sessions.hpp"
#include "util/stop_token.hpp"

namespace tabhook::reconcile {

// A site's last plan and what it was made from besides the manifests: the list as the client shared it
// (immutable, so its pointer identifies it) and the session (the planner decides ownership by its user id
// and what to do by its API version). Planning is a pure function of these, the manifests and the plan
// options, so a caller that keeps the manifests and the options may reuse the plan for the very same list.
struct PlanMemo {
    std::shared_ptr<const model::LiveWebhooks> live;
    tableau::SessionInfo session;
    std::shared_ptr<const plan::SitePlan> plan;
};

struct SiteObservation {
    enum class Failure {
        none,
        stopped,     // a stop was requested before the site was read
        before_read, // ObserveOptions::before_read refused (the daemon's site lock)
        sign_in,
        list,
        shared_site, // signed in to the same Tableau site as another site that may not share it
    };
    const model::Site* site = nullptr;
    const std::vector<model::Webhook>* declared = nullptr;
    bool skipped_suspended = false; // ObserveOptions::skip_suspended: never signed in, plan is the header
    std::string site_id;            // as sign-in returned it, once listed; "" otherwise
    tableau::SessionInfo session;   // once listed
    std::shared_ptr<const model::LiveWebhooks> live; // null: not listed
    // The site's whole plan (`unchanged` included); for a site not listed, only its name and contentUrl.
    std::shared_ptr<const plan::SitePlan> plan;
    bool planned = false; // planned now, not reused from the memo
    Failure failure = Failure::none;
    std::string error; // why the site is not ok (redacted)
    bool ok() const { return error.empty(); }
};

struct ObserveOptions {
    plan::PlanOptions plan;
    bool skip_suspended = false; // apply, test and enforce leave a suspended site alone: not even a sign-in
    util::StopToken stop{};      // requested: sites not yet read are left unread
    // Called on the site's thread before it is read; a non-empty error leaves it unread (the daemon takes
    // the site's lock here). Null: nothing.
    std::function<std::string(std::size_t site)> before_read{};
    // Called on the site's thread once it is read, whatever came of it. Null: nothing.
    std::function<void(std::size_t site, const SiteObservation&)> on_read{};
    // One per site, in the sites' order: a plan made from the very same list and session is reused. The
    // caller drops them when the manifests change. Null: always plan.
    std::vector<PlanMemo>* memos = nullptr;
};

// Observes the sites of one session group (site indices, in order), into `out` (one per site of `desired`).
void observe_group(const DesiredSites& desired, const std::vector<std::size_t>& group, Sessions& sessions,
                   const ObserveOptions& options, std::vector<SiteObservation>& out);

// Observes every site, then refuses (Failure::shared_site, and Sessions::drop) every site that signed in
// to one Tableau site with another and may not share it, before anything is written to either.
std::vector<SiteObservation> observe(const DesiredSites& desired, Sessions& sessions, const ObserveOptions& options);

// The plan of every site, a site not read shown as unread (its header and its error), so no output of a
// failed run reads as "no changes" for it.
plan::Plan plan_of(const std::vector<SiteObservation>& sites);

} // namespace tabhook::reconcile
