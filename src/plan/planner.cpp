#include "plan/planner.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "model/events.hpp"
#include "model/named.hpp"
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
    if (d.event != l.event) {
        c.reasons.push_back(fmt::format("event changed: {} → {}", l.event.str(), d.event.str()));
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

constexpr std::array<model::Named<Action>, 5> kActionWords{{{Action::create, "create"},
                                                            {Action::replace, "replace"},
                                                            {Action::update, "update"},
                                                            {Action::reenable, "re-enable"},
                                                            {Action::remove, "delete"}}};
constexpr std::array<model::Named<Action>, 5> kActionSymbols{{{Action::create, "+"},
                                                              {Action::replace, "-/+"},
                                                              {Action::update, "~"},
                                                              {Action::reenable, "~"},
                                                              {Action::remove, "-"}}};
constexpr std::array<model::Named<Drift>, 5> kDriftWords{{{Drift::missing, "missing"},
                                                          {Drift::changed, "changed"},
                                                          {Drift::disabled, "disabled-on-server"},
                                                          {Drift::duplicate, "duplicate"},
                                                          {Drift::undeclared, "owned-but-undeclared"}}};

// A site's live webhooks by name: views into the list, which must outlive the map.
using ByName = std::map<std::string_view, std::vector<const model::LiveWebhook*>>;

ByName group_by_name(const model::LiveWebhooks& live) {
    ByName by_name;
    for (const auto& l : live) by_name[l.name].push_back(&l);
    return by_name;
}

// What the passes over one site share: its settings, the plan they fill and what they count.
struct SitePass {
    const model::Site& site;
    const SiteContext& context;
    bool can_put = false;  // the API has PUT (>= 3.8)
    bool in_place = false; // updateStrategy: in-place, and the API has PUT
    SitePlan& out;
    std::set<std::string_view> declared_names{}; // views into the declared webhooks
    int managed = 0; // live webhooks that are declared or owned: the mass-delete brake's denominator
};

// The change that makes `keeper` what `d` declares: a replace, or an update/re-enable in place.
Change change_for(const SitePass& pass, const model::Webhook& d, const model::LiveWebhook& keeper) {
    Change c{Action::replace, d.name, d, keeper, false, {}, takeover(keeper, pass.context.self_user_id), {}};
    explain(d, keeper, c);
    const bool only_enabled = d.event == keeper.event && util::normalize_url(d.url) == util::normalize_url(keeper.url);
    if (only_enabled && d.enabled && !keeper.enabled) {
        // Disabled by Tableau (or by someone): re-enable in place where the API allows, else replace.
        c.action = Action::reenable;
        c.in_place = pass.can_put;
    } else if (pass.in_place) {
        c.action = Action::update;
        c.in_place = true;
    }
    return c;
}

// One declared webhook against the live webhooks of its name: create, keep, change, and drop duplicates.
void plan_declared(SitePass& pass, const model::Webhook& d, const ByName& by_name) {
    pass.declared_names.insert(d.name);
    const auto it = by_name.find(d.name);
    if (it == by_name.end()) {
        pass.out.changes.push_back(Change{
            Action::create, d.name, d, std::nullopt, false, {"not on the site"}, std::nullopt, {Drift::missing}});
        return;
    }
    const auto& group = it->second;
    pass.managed += static_cast<int>(group.size());
    // Keep the oldest webhook that already matches; failing that, change the oldest (plan/keeper.hpp).
    const model::LiveWebhook* keeper = pick_keeper(group, &d);
    if (matches(d, *keeper))
        pass.out.unchanged.push_back(*keeper);
    else
        pass.out.changes.push_back(change_for(pass, d, *keeper));
    for (auto& c : duplicate_removals(d.name, group, *keeper, pass.context.self_user_id))
        pass.out.changes.push_back(std::move(c));
}

// One live webhook that no declaration names: deleted when pruned, else listed as owned or unmanaged.
void plan_undeclared(SitePass& pass, const model::LiveWebhook& l) {
    const model::Site& site = pass.site;
    const bool owned = is_owned(site, l, pass.context.self_user_id);
    if (owned) ++pass.managed;
    const bool prune = site.prune == model::Prune::all || (site.prune == model::Prune::owned && owned);
    if (prune) {
        const std::string why = owned ? fmt::format("owned and not declared (prune: {})", model::to_string(site.prune))
                                      : "not declared (prune: all)";
        pass.out.changes.push_back(Change{Action::remove,
                                          l.name,
                                          std::nullopt,
                                          l,
                                          false,
                                          {why},
                                          takeover(l, pass.context.self_user_id),
                                          {Drift::undeclared}});
    } else if (owned) {
        pass.out.owned_undeclared.push_back(l);
    } else {
        pass.out.unmanaged.push_back(l);
    }
}

// A note for every event on the server that the catalogue does not know, once each, sorted.
void note_unknown_events(SitePlan& out, const model::LiveWebhooks& live) {
    std::set<std::string> unknown_events;
    for (const auto& l : live)
        if (!l.event.known()) unknown_events.insert(l.event.str());
    for (const auto& e : unknown_events)
        out.notes.push_back(
            fmt::format("event '{}' found on the server is not in tabhook's catalogue; carried through unchanged", e));
}

// The plan's deterministic order: changes by name, action, then id; the lists by name, then id.
void sort_plan(SitePlan& out) {
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
}

// Safety brakes (product.md): checked at plan time, enforced by apply.
void add_brakes(const SitePass& pass, bool declares_none, const PlanOptions& options) {
    SitePlan& out = pass.out;
    const int deletes = static_cast<int>(std::count_if(out.changes.begin(), out.changes.end(),
                                                       [](const Change& c) { return c.action == Action::remove; }));
    if (declares_none && deletes > 0) {
        out.brakes.push_back(
            Brake{"empty-site",
                  fmt::format("the manifests declare no webhooks for site {}, and the plan would delete {}; "
                              "pass --allow-empty if that is intended",
                              pass.site.name, deletes),
                  true, options.allow_empty});
    }
    if (deletes > 3 && deletes * 2 > pass.managed) {
        out.brakes.push_back(Brake{"mass-delete",
                                   fmt::format("the plan would delete {} of the {} managed webhooks on site {}; "
                                               "pass --allow-mass-delete if that is intended",
                                               deletes, pass.managed, pass.site.name),
                                   true, options.allow_mass_delete});
    }
}

} // namespace

const char* to_string(Action a) { return model::text_of<Action>(kActionWords, a).data(); }
const char* to_string(Drift d) { return model::text_of<Drift>(kDriftWords, d).data(); }
const char* symbol(Action a) { return model::text_of<Action>(kActionSymbols, a).data(); }

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
    // Both events were normalised where they entered (model::Event). Equal URLs normalise alike: only
    // differing ones are worth normalising (an idle cycle compares every declared webhook).
    return declared.enabled == live.enabled && declared.event == live.event &&
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
    const ByName by_name = group_by_name(live);
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
    SitePass pass{site, context, util::api_version_at_least(context.api_version, kUpdateMinVersion), false, out};
    pass.in_place = site.update_strategy == model::UpdateStrategy::in_place && pass.can_put;
    const ByName by_name = group_by_name(live);
    for (const auto& d : declared) plan_declared(pass, d, by_name);
    for (const auto& l : live)
        if (!pass.declared_names.count(l.name)) plan_undeclared(pass, l);
    note_unknown_events(out, live);
    sort_plan(out);
    add_brakes(pass, declared.empty(), options);
    return out;
}

} // namespace tabhook::plan
