#pragma once
// The planner is a pure function: no I/O, no clock, deterministic order. Given the same declarations and
// the same live webhooks it returns the same plan, which is what makes saved plans and the property
// tests possible.
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "model/live.hpp"
#include "plan/plan.hpp"

namespace tabhook::plan {

struct SiteContext {
    std::string self_user_id; // the account tabhook signs in as: ownership is decided against it
    std::string api_version;  // the negotiated or pinned REST API version
};

struct PlanOptions {
    bool allow_empty = false;       // --allow-empty
    bool allow_mass_delete = false; // --allow-mass-delete
};

// `declared` holds the webhooks whose `site` is `site.name`; `server_origin` is shown in output.
SitePlan plan_site(const model::Site& site, const std::vector<model::Webhook>& declared,
                   const model::LiveWebhooks& live, const SiteContext& context, const PlanOptions& options);

// A plan with the site's heading only (name, server origin, contentUrl, suspended, declared) and no
// change: for a site that was not read, such as a suspended one under apply.
SitePlan site_header(const model::Site& site, const std::vector<model::Webhook>& declared);

// Whether a live webhook is owned by tabhook's account (and within ownership.namePrefix, when set).
bool is_owned(const model::Site& site, const model::LiveWebhook& live, const std::string& self_user_id);

// Whether a live webhook already is what a declaration asks for (event, normalised url, enabled).
bool matches(const model::Webhook& declared, const model::LiveWebhook& live);

// The deletes of a name's duplicates: every webhook of `group` but `keeper`, with the planner's reason.
std::vector<Change> duplicate_removals(const std::string& name, const std::vector<const model::LiveWebhook*>& group,
                                       const model::LiveWebhook& keeper, const std::string& self_user_id);

// The duplicates plan_site would delete on `live`: for every declared name carried by more than one
// webhook, all but the keeper (plan/keeper.hpp), whoever owns them. Sorted by name, then id. Apply's
// verification re-list uses it, so it removes exactly what a new plan would.
std::vector<Change> plan_duplicates(const std::vector<model::Webhook>& declared, const model::LiveWebhooks& live,
                                    const std::string& self_user_id);

} // namespace tabhook::plan
