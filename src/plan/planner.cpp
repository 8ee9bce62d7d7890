#include "plan/planner.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "model/events.hpp"
#include "plan/keeper.hpp"
#include "util/url.hpp"
#include "util/version.hpp"

namespace tabhook::plan {

namespace {

// In-place updates (PUT) exist from API 3.8 (Tableau 2020.2).
constexpr const char* kUpdateMinVersion = "3.8";

// Fills the reasons and drift classes of a change to a declared webhook that does not match.
void explain(const model::Webhook& d, const model::LiveWebhook& l, Change& c) {
    bool changed = false;
    if (model::normalize_event(d.event) != model::normalize_event(l.event)) {
        c.reasons.push_back(fmt::format("event changed: {} → {}", l.event, d.event));
        changed = true;
    }
    if (util::normalize_url(d.url) != util::normalize_url(l.url)) {
        c.reasons.push_back(fmt::format("url changed: {} → {}", util::redact_url(l.url), util::redact_url(d.url)));
        changed = true;
    }
    if (!d.enabled && l.enabled) {
        c.reasons.push_back("declared disabled, enabled on server");
        changed = true;
    }
    if (changed) c.drift.push_back(Drift::changed);
    if (d.enabled && !l.enabled) {
        const std::string why = l.status_change_reason.empty() ? "no reason given" : l.status_change_reason;
        c.reasons.push_back(fmt::format("disabled on server: {}", why));
        c.drift.push_back(Drift::disabled);
    }
}

std::optional<std::string> takeover(const model::LiveWebhook& live, const std::string& self) {
    if (live.owner_id == self) return std::nullopt;
    return live.owner_name.empty() ? live.owner_id : live.owner_name;
}

int action_rank(Action a) { return static_cast<int>(a); }

} // namespace

const char* to_string(Action a) {
    switch (a) {
    case Action::create: return "create";
    case Action::replace: return "replace";
    case Action::update: return "update";
    case Action::reenable: return "re-enable";
    case Action::remove: return "delete";
    }
    return "?";
}

const char* to_string(Drift d) {
    switch (d) {
    case Drift::missing: return "missing";
    case Drift::changed: return "changed";
    case Drift::disabled: return "disabled-on-server";
    case Drift::duplicate: return "duplicate";
    case Drift::undeclared: return "owned-but-undeclared";
    }
    return "?";
}

const char* symbol(Action a) {
    switch (a) {
    case Action::create: return "+";
    case Action::replace: return "-/+";
    case Action::update: return "~";
    case Action::reenable: return "~";
    case Action::remove: return "-";
    }
    return "?";
}

bool SitePlan::refused() const {
    return std::any_of(brakes.begin(), brakes.end(), [](const Brake& b) { return b.triggered && !b.overridden; });
}

bool Plan::has_changes() const {
    return std::any_of(sites.begin(), sites.end(), [](const SitePlan& s) { return !s.suspended && s.has_changes(); });
}

int Plan::unread() const {
    return static_cast<int>(
        std::count_if(sites.begin(), sites.end(), [](const SitePlan& s) { return !s.error.empty(); }));
}

bool Plan::refused() const {
    return std::any_of(sites.begin(), sites.end(), [](const SitePlan& s) { return !s.suspended && s.refused(); });
}

bool is_owned(const model::Site& site, const model::LiveWebhook& live, const std::string& self_user_id) {
    if (live.owner_id != self_user_id) return false;
    return !site.name_prefix || live.name.starts_with(*site.name_prefix);
}

bool matches(const model::Webhook& declared, const model::LiveWebhook& live) {
    // Equal spellings normalise alike: only differing ones are worth normalising (an idle cycle compares
    // every declared webhook, and nearly all are spelled as listed).
    return declared.enabled == live.enabled &&
           (declared.event == live.event ||
            model::normalize_event(declared.event) == model::normalize_event(live.event)) &&
           (declared.url == live.url || util::normalize_url(declared.url) == util::normalize_url(live.url));
}

SitePlan site_header(const model::Site& site, const std::vector<model::Webhook>& declared) {
    SitePlan out;
    out.site = site.name;
    const auto server = util::parse_url(site.server);
    out.server = server ? server->origin() : "<invalid server url>";
    out.content_url = site.content_url;
    out.suspended = site.suspend;
    out.declared = static_cast<int>(declared.size());
    return out;
}

std::vector<Change> duplicate_removals(const std::string& name, const std::vector<const model::LiveWebhook*>& group,
                                       const model::LiveWebhook& keeper, const std::string& self_user_id) {
    std::vector<Change> out;
    for (const auto* l : group) {
        if (l == &keeper) continue;
        out.push_back(Change{Action::remove,
                             name,
                             std::nullopt,
                             *l,
                             false,
                             {fmt::format("duplicate: another webhook named {} is kept (id {})", name, keeper.id)},
                             takeover(*l, self_user_id),
                             {Drift::duplicate}});
    }
    return out;
}

std::vector<Change> plan_duplicates(const std::vector<model::Webhook>& declared, const model::LiveWebhooks& live,
                                    const std::string& self_user_id) {
    std::map<std::string_view, std::vector<const model::LiveWebhook*>> by_name; // views into `live`
    for (const auto& l : live) by_name[l.name].push_back(&l);
    std::vector<Change> out;
    std::set<std::string_view> seen;
    for (const auto& d : declared) {
        const auto it = by_name.find(d.name);
        if (it == by_name.end() || it->second.size() < 2 || !seen.insert(d.name).second) continue;
        for (auto& c : duplicate_removals(d.name, it->second, *pick_keeper(it->second, &d), self_user_id))
            out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
        return a.name != b.name ? a.name < b.name : a.live->id < b.live->id;
    });
    return out;
}

SitePlan plan_site(const model::Site& site, const std::vector<model::Webhook>& declared,
                   const model::LiveWebhooks& live, const SiteContext& context, const PlanOptions& options) {
    SitePlan out = site_header(site, declared);
    const bool can_put = util::api_version_at_least(context.api_version, kUpdateMinVersion);
    const bool in_place = site.update_strategy == model::UpdateStrategy::in_place && can_put;

    std::map<std::string_view, std::vector<const model::LiveWebhook*>> by_name; // views into `live`
    for (const auto& l : live) by_name[l.name].push_back(&l);

    std::set<std::string_view> declared_names; // views into `declared`
    int managed = 0; // live webhooks that are declared or owned: the mass-delete brake's denominator

    for (const auto& d : declared) {
        declared_names.insert(d.name);
        const auto it = by_name.find(d.name);
        if (it == by_name.end()) {
            out.changes.push_back(Change{
                Action::create, d.name, d, std::nullopt, false, {"not on the site"}, std::nullopt, {Drift::missing}});
            continue;
        }
        const auto& group = it->second;
        managed += static_cast<int>(group.size());
        // Keep the oldest webhook that already matches; failing that, change the oldest (plan/keeper.hpp).
        const model::LiveWebhook* keeper = pick_keeper(group, &d);
        if (matches(d, *keeper)) {
            out.unchanged.push_back(*keeper);
        } else {
            Change c{Action::replace, d.name, d, *keeper, false, {}, takeover(*keeper, context.self_user_id), {}};
            explain(d, *keeper, c);
            const bool only_enabled = model::normalize_event(d.event) == model::normalize_event(keeper->event) &&
                                      util::normalize_url(d.url) == util::normalize_url(keeper->url);
            if (only_enabled && d.enabled && !keeper->enabled) {
                // Disabled by Tableau (or by someone): re-enable in place where the API allows, else replace.
                c.action = Action::reenable;
                c.in_place = can_put;
            } else if (in_place) {
                c.action = Action::update;
                c.in_place = true;
            }
            out.changes.push_back(std::move(c));
        }
        for (auto& c : duplicate_removals(d.name, group, *keeper, context.self_user_id))
            out.changes.push_back(std::move(c));
    }

    std::set<std::string> unknown_events;
    for (const auto& l : live) {
        if (!model::find_event(l.event)) unknown_events.insert(l.event);
        if (declared_names.count(l.name)) continue;
        const bool owned = is_owned(site, l, context.self_user_id);
        if (owned) ++managed;
        const bool prune = site.prune == model::Prune::all || (site.prune == model::Prune::owned && owned);
        if (prune) {
            const std::string why =
                owned ? fmt::format("owned and not declared (prune: {})", model::to_string(site.prune))
                      : "not declared (prune: all)";
            out.changes.push_back(Change{Action::remove,
                                         l.name,
                                         std::nullopt,
                                         l,
                                         false,
                                         {why},
                                         takeover(l, context.self_user_id),
                                         {Drift::undeclared}});
        } else if (owned) {
            out.owned_undeclared.push_back(l);
        } else {
            out.unmanaged.push_back(l);
        }
    }
    for (const auto& e : unknown_events)
        out.notes.push_back(
            fmt::format("event '{}' found on the server is not in tabhook's catalogue; carried through unchanged", e));

    std::stable_sort(out.changes.begin(), out.changes.end(), [](const Change& a, const Change& b) {
        if (a.name != b.name) return a.name < b.name;
        if (a.action != b.action) return action_rank(a.action) < action_rank(b.action);
        const std::string ia = a.live ? a.live->id : "", ib = b.live ? b.live->id : "";
        return ia < ib;
    });
    const auto by_name_id = [](const model::LiveWebhook& a, const model::LiveWebhook& b) {
        return a.name != b.name ? a.name < b.name : a.id < b.id;
    };
    std::sort(out.unchanged.begin(), out.unchanged.end(), by_name_id);
    std::sort(out.unmanaged.begin(), out.unmanaged.end(), by_name_id);
    std::sort(out.owned_undeclared.begin(), out.owned_undeclared.end(), by_name_id);

    // Safety brakes (product.md): checked at plan time, enforced by apply.
    const int deletes = static_cast<int>(std::count_if(out.changes.begin(), out.changes.end(),
                                                       [](const Change& c) { return c.action == Action::remove; }));
    if (declared.empty() && deletes > 0) {
        out.brakes.push_back(
            Brake{"empty-site",
                  fmt::format("the manifests declare no webhooks for site {}, and the plan would delete {}; "
                              "pass --allow-empty if that is intended",
                              site.name, deletes),
                  true, options.allow_empty});
    }
    if (deletes > 3 && deletes * 2 > managed) {
        out.brakes.push_back(Brake{"mass-delete",
                                   fmt::format("the plan would delete {} of the {} managed webhooks on site {}; "
                                               "pass --allow-mass-delete if that is intended",
                                               deletes, managed, site.name),
                                   true, options.allow_mass_delete});
    }
    return out;
}

} // namespace tabhook::plan
