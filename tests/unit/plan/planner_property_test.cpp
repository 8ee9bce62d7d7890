// Property: for many random desired/observed states, applying the planned changes to the observed state
// yields the desired state, touches nothing the rules protect, and planning again yields no changes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>

#include "plan/planner.hpp"

using namespace tabhook;
using plan::Action;

namespace {

const std::string kSelf = "user-self";

struct World {
    model::Site site;
    std::vector<model::Webhook> declared;
    model::LiveWebhooks live;
    std::string api;
};

World random_world(std::mt19937& rng) {
    const std::vector<std::string> names{"gitops-a", "gitops-b", "gitops-c", "gitops-d", "other-e", "other-f"};
    const std::vector<std::string> events{"DatasourceRefreshFailed", "WorkbookCreated",
                                          "webhook-source-event-workbook-created", "AdminPromoted",
                                          "datasource-refresh-failed"};
    const std::vector<std::string> urls{"https://relay.example.com/a", "https://RELAY.example.com:443/a",
                                        "https://relay.example.com/b", "https://other.example.com/a"};
    const auto pick = [&](const auto& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
    };
    const auto coin = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };

    World w;
    w.site.name = "s";
    w.site.server = "https://t.example.com";
    w.site.prune = std::array{model::Prune::none, model::Prune::owned, model::Prune::all}[rng() % 3];
    w.site.update_strategy = coin(50) ? model::UpdateStrategy::in_place : model::UpdateStrategy::replace;
    if (coin(30)) w.site.name_prefix = "gitops-";
    w.api = coin(70) ? "3.24" : "3.6";
    std::set<std::string> used;
    const int n_declared = std::uniform_int_distribution<int>(0, 4)(rng);
    for (int i = 0; i < n_declared; ++i) {
        std::string name = pick(names);
        if (w.site.name_prefix && !name.starts_with(*w.site.name_prefix)) continue;
        if (!used.insert(name).second) continue;
        w.declared.push_back(model::Webhook{
            name, "s", model::Event(pick(events)), pick(urls), coin(85), model::TestPolicy::required, {}});
    }
    const int n_live = std::uniform_int_distribution<int>(0, 7)(rng);
    for (int i = 0; i < n_live; ++i) {
        model::LiveWebhook l;
        l.id = "id-" + std::to_string(i);
        l.name = pick(names);
        l.event = model::Event(pick(events));
        l.url = pick(urls);
        l.enabled = coin(75);
        if (!l.enabled) l.status_change_reason = "disabled";
        l.owner_id = coin(60) ? kSelf : "user-alice";
        l.owner_name = l.owner_id == kSelf ? "admin" : "alice";
        if (coin(50)) l.created_at = "2026-01-0" + std::to_string(1 + rng() % 9) + "T00:00:00Z";
        w.live.push_back(l);
    }
    return w;
}

// Applies a plan the way apply does, to an in-memory site.
model::LiveWebhooks execute(const plan::SitePlan& p, model::LiveWebhooks live, int& next_id) {
    const auto erase_id = [&](const std::string& id) {
        const auto before = live.size();
        live.erase(std::remove_if(live.begin(), live.end(), [&](const auto& l) { return l.id == id; }), live.end());
        REQUIRE(live.size() + 1 == before); // the change names a webhook that exists
    };
    const auto make = [&](const model::Webhook& d) {
        model::LiveWebhook l{
            "new-" + std::to_string(next_id++), d.name, d.event, d.url, d.enabled, "", kSelf, "admin", ""};
        return l;
    };
    for (const auto& c : p.changes) {
        switch (c.action) {
        case Action::create: live.push_back(make(*c.desired)); break;
        case Action::replace:
            live.push_back(make(*c.desired));
            erase_id(c.live->id);
            break;
        case Action::update:
        case Action::reenable: {
            if (!c.in_place) {
                live.push_back(make(*c.desired));
                erase_id(c.live->id);
                break;
            }
            auto it = std::find_if(live.begin(), live.end(), [&](const auto& l) { return l.id == c.live->id; });
            REQUIRE(it != live.end());
            it->event = c.desired->event;
            it->url = c.desired->url;
            it->enabled = c.desired->enabled;
            it->status_change_reason.clear();
            break;
        }
        case Action::remove: erase_id(c.live->id); break;
        }
    }
    return live;
}

} // namespace

TEST_CASE("planner property: applying a plan converges and touches only what the rules allow", "[plan][property]") {
    std::mt19937 rng(20261127);
    int checked = 0;
    for (int round = 0; round < 3000; ++round) {
        const World w = random_world(rng);
        const plan::SiteContext ctx{kSelf, w.api};
        const auto p = plan::plan_site(w.site, w.declared, w.live, ctx, plan::PlanOptions{true, true});
        int next_id = 0;
        const auto after = execute(p, w.live, next_id);

        std::set<std::string> declared_names;
        for (const auto& d : w.declared) {
            declared_names.insert(d.name);
            // Exactly one live webhook per declared name, and it matches the declaration.
            const auto count =
                std::count_if(after.begin(), after.end(), [&](const auto& l) { return l.name == d.name; });
            REQUIRE(count == 1);
            const auto it = std::find_if(after.begin(), after.end(), [&](const auto& l) { return l.name == d.name; });
            CHECK(plan::matches(d, *it));
        }
        // Undeclared webhooks survive unless prune covers them.
        for (const auto& l : w.live) {
            if (declared_names.count(l.name)) continue;
            const bool owned = plan::is_owned(w.site, l, kSelf);
            const bool may_delete = w.site.prune == model::Prune::all || (w.site.prune == model::Prune::owned && owned);
            const bool survived = std::any_of(after.begin(), after.end(), [&](const auto& a) { return a.id == l.id; });
            CHECK(survived != may_delete);
            if (survived) {
                const auto it = std::find_if(after.begin(), after.end(), [&](const auto& a) { return a.id == l.id; });
                CHECK(*it == l); // untouched
            }
        }
        // Planning again finds nothing to do.
        const auto again = plan::plan_site(w.site, w.declared, after, ctx, plan::PlanOptions{true, true});
        CHECK(again.changes.empty());
        ++checked;
    }
    CHECK(checked == 3000);
}
