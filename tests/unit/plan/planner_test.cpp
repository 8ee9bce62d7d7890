#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "plan/keeper.hpp"
#include "plan/planner.hpp"
#include "plan/result.hpp"

using namespace tabhook;
using plan::Action;

namespace {

const std::string kSelf = "user-self";

model::Site site(model::Prune prune = model::Prune::none) {
    model::Site s;
    s.name = "marketing";
    s.server = "https://tableau.example.com/some/path";
    s.content_url = "marketing";
    s.prune = prune;
    return s;
}

model::Webhook declared(std::string name, std::string event = "DatasourceRefreshFailed",
                        std::string url = "https://relay.example.com/a", bool enabled = true) {
    model::Webhook w;
    w.name = std::move(name);
    w.site = "marketing";
    w.event = model::Event(event);
    w.url = std::move(url);
    w.enabled = enabled;
    return w;
}

model::LiveWebhook live(std::string id, std::string name, std::string event = "DatasourceRefreshFailed",
                        std::string url = "https://relay.example.com/a", bool enabled = true,
                        std::string owner = kSelf) {
    model::LiveWebhook l;
    l.id = std::move(id);
    l.name = std::move(name);
    l.event = model::Event(event);
    l.url = std::move(url);
    l.enabled = enabled;
    l.owner_id = owner;
    l.owner_name = owner == kSelf ? "admin" : "alice";
    return l;
}

plan::SitePlan run(const model::Site& s, const std::vector<model::Webhook>& d, const model::LiveWebhooks& l,
                   std::string api = "3.24", plan::PlanOptions options = {}) {
    return plan::plan_site(s, d, l, plan::SiteContext{kSelf, std::move(api)}, options);
}

} // namespace

TEST_CASE("planner: creates a declared webhook missing from the site", "[plan]") {
    const auto p = run(site(), {declared("gitops-a")}, {});
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].action == Action::create);
    CHECK(p.changes[0].reasons == std::vector<std::string>{"not on the site"});
    CHECK(p.changes[0].drift == std::vector<plan::Drift>{plan::Drift::missing});
    CHECK(p.server == "https://tableau.example.com");
}

TEST_CASE("planner: a webhook that matches through aliases and URL case is unchanged", "[plan]") {
    const auto p = run(site(), {declared("gitops-a", "datasource-refresh-failed", "https://Relay.Example.com:443/a")},
                       {live("1", "gitops-a", "webhook-source-event-datasource-refresh-failed")});
    CHECK(p.changes.empty());
    REQUIRE(p.unchanged.size() == 1);
    CHECK(p.unchanged[0].id == "1");
}

TEST_CASE("planner: replaces a webhook whose url changed, path compared as written", "[plan]") {
    const auto p = run(site(), {declared("gitops-a", "DatasourceRefreshFailed", "https://relay.example.com/A")},
                       {live("1", "gitops-a")});
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].action == Action::replace);
    REQUIRE(p.changes[0].reasons.size() == 1);
    CHECK(p.changes[0].reasons[0].rfind("url changed: https://relay.example.com/…#", 0) == 0);
    CHECK(p.changes[0].live->id == "1");
}

TEST_CASE("planner: in-place strategy updates with PUT only from API 3.8", "[plan]") {
    auto s = site();
    s.update_strategy = model::UpdateStrategy::in_place;
    const std::vector<model::Webhook> d{declared("gitops-a", "WorkbookCreated")};
    const model::LiveWebhooks l{live("1", "gitops-a")};
    const auto modern = run(s, d, l, "3.24");
    REQUIRE(modern.changes.size() == 1);
    CHECK(modern.changes[0].action == Action::update);
    CHECK(modern.changes[0].in_place);
    const auto old = run(s, d, l, "3.7");
    REQUIRE(old.changes.size() == 1);
    CHECK(old.changes[0].action == Action::replace);
}

TEST_CASE("planner: re-enables a webhook disabled by Tableau and says why", "[plan]") {
    auto l = live("1", "gitops-a");
    l.enabled = false;
    l.status_change_reason = "Webhook disabled after 4 failed deliveries";
    const auto p = run(site(), {declared("gitops-a")}, {l});
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].action == Action::reenable);
    CHECK(p.changes[0].in_place);
    CHECK(p.changes[0].reasons ==
          std::vector<std::string>{"disabled on server: Webhook disabled after 4 failed deliveries"});
    const auto old = run(site(), {declared("gitops-a")}, {l}, "3.6");
    CHECK(old.changes[0].action == Action::reenable);
    CHECK_FALSE(old.changes[0].in_place);
}

TEST_CASE("planner: a webhook both changed and disabled gets both reasons", "[plan]") {
    auto l = live("1", "gitops-a", "WorkbookCreated");
    l.enabled = false;
    const auto p = run(site(), {declared("gitops-a")}, {l});
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].action == Action::replace);
    CHECK(p.changes[0].reasons.size() == 2);
    CHECK(p.changes[0].drift == std::vector<plan::Drift>{plan::Drift::changed, plan::Drift::disabled});
}

TEST_CASE("planner: of several same-named webhooks the oldest matching one is kept", "[plan]") {
    auto a = live("b-id", "gitops-a");
    a.created_at = "2026-01-02T00:00:00Z";
    auto b = live("a-id", "gitops-a");
    b.created_at = "2026-01-03T00:00:00Z";
    auto c = live("c-id", "gitops-a", "WorkbookCreated");
    c.created_at = "2026-01-01T00:00:00Z";
    const auto p = run(site(), {declared("gitops-a")}, {b, c, a});
    REQUIRE(p.unchanged.size() == 1);
    CHECK(p.unchanged[0].id == "b-id");
    REQUIRE(p.changes.size() == 2);
    CHECK(p.changes[0].action == Action::remove);
    CHECK(p.changes[1].action == Action::remove);
    CHECK(p.changes[0].live->id == "a-id");
    CHECK(p.changes[0].drift == std::vector<plan::Drift>{plan::Drift::duplicate});
    CHECK(p.changes[1].live->id == "c-id");
}

TEST_CASE("planner: without creation times the smallest id is kept, never the first listed", "[plan]") {
    for (const auto& order : {model::LiveWebhooks{live("z-first", "gitops-a"), live("a-second", "gitops-a")},
                              model::LiveWebhooks{live("a-second", "gitops-a"), live("z-first", "gitops-a")}}) {
        const auto p = run(site(), {declared("gitops-a")}, order);
        REQUIRE(p.unchanged.size() == 1);
        CHECK(p.unchanged[0].id == "a-second");
        REQUIRE(p.changes.size() == 1);
        CHECK(p.changes[0].live->id == "z-first");
        CHECK(p.changes[0].reasons[0] == "duplicate: another webhook named gitops-a is kept (id a-second)");
    }
}

TEST_CASE("planner: the oldest is kept when list order and age disagree; one without createdAt comes last", "[plan]") {
    auto young = live("a-young", "gitops-a");
    young.created_at = "2026-03-01T00:00:00Z";
    auto old = live("z-old", "gitops-a");
    old.created_at = "2026-01-01T00:00:00Z";
    const auto untimed = live("0-untimed", "gitops-a");
    const auto p = run(site(), {declared("gitops-a")}, {untimed, young, old});
    REQUIRE(p.unchanged.size() == 1);
    CHECK(p.unchanged[0].id == "z-old");
    REQUIRE(p.changes.size() == 2);
    CHECK(p.changes[0].live->id == "0-untimed");
    CHECK(p.changes[1].live->id == "a-young");
}

TEST_CASE("keeper: a total order by createdAt, then id; untimed after timed; matching preferred", "[plan]") {
    auto t1 = live("b", "n");
    t1.created_at = "2026-01-01T00:00:00Z";
    auto t1_tie = live("a", "n");
    t1_tie.created_at = "2026-01-01T00:00:00Z";
    const auto u1 = live("0", "n"), u2 = live("1", "n");
    CHECK(plan::kept_before(t1_tie, t1));
    CHECK_FALSE(plan::kept_before(t1, t1_tie));
    CHECK(plan::kept_before(t1, u1));
    CHECK_FALSE(plan::kept_before(u1, t1));
    CHECK(plan::kept_before(u1, u2));
    std::vector<const model::LiveWebhook*> group{&u2, &t1, &u1, &t1_tie};
    plan::sort_keeper_order(group);
    CHECK(group == std::vector<const model::LiveWebhook*>{&t1_tie, &t1, &u1, &u2});
    CHECK(plan::pick_keeper(group, nullptr) == &t1_tie);
    const auto other_url = declared("n", "DatasourceRefreshFailed", "https://relay.example.com/other");
    auto matching = live("9", "n", "DatasourceRefreshFailed", "https://relay.example.com/other");
    group.push_back(&matching);
    CHECK(plan::pick_keeper(group, &other_url) == &matching);
    CHECK(plan::pick_keeper({}, &other_url) == nullptr);
}

TEST_CASE("planner: plan_duplicates deletes what plan_site deletes as duplicates", "[plan]") {
    const model::LiveWebhooks l{
        live("z", "gitops-a"),
        live("y", "gitops-a"),
        live("x", "gitops-b"),
        live("w", "undeclared"),
        live("v", "undeclared"),
        live("u", "gitops-a", "DatasourceRefreshFailed", "https://relay.example.com/a", true, "user-other")};
    const std::vector<model::Webhook> d{declared("gitops-a"), declared("gitops-b")};
    const auto dups = plan::plan_duplicates(d, l, kSelf);
    const auto p = run(site(), d, l);
    std::vector<std::string> from_plan, from_dups;
    for (const auto& c : p.changes)
        if (c.drift == std::vector<plan::Drift>{plan::Drift::duplicate}) from_plan.push_back(c.live->id);
    for (const auto& c : dups) from_dups.push_back(c.live->id);
    CHECK(from_dups == std::vector<std::string>{"y", "z"});
    CHECK(from_dups == from_plan);
    REQUIRE(dups.size() == 2);
    CHECK(dups[0].action == Action::remove);
    CHECK(dups[0].reasons[0] == "duplicate: another webhook named gitops-a is kept (id u)");
}

TEST_CASE("planner: changing another account's webhook is a takeover", "[plan]") {
    const auto p =
        run(site(), {declared("gitops-a", "WorkbookCreated")},
            {live("1", "gitops-a", "DatasourceRefreshFailed", "https://relay.example.com/a", true, "user-alice")});
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].takes_over == std::optional<std::string>("alice"));
}

TEST_CASE("planner: prune decides what happens to undeclared webhooks", "[plan]") {
    const model::LiveWebhooks l{live("1", "gitops-old"), live("2", "alice-hook", "WorkbookCreated",
                                                              "https://relay.example.com/b", true, "user-alice")};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    SECTION("none keeps everything and lists owned ones separately") {
        const auto p = run(site(model::Prune::none), d, l);
        CHECK(p.changes.size() == 1); // the create
        CHECK(p.owned_undeclared.size() == 1);
        CHECK(p.unmanaged.size() == 1);
    }
    SECTION("owned deletes only what tabhook's account owns") {
        const auto p = run(site(model::Prune::owned), d, l);
        REQUIRE(p.changes.size() == 2);
        CHECK(p.changes[1].action == Action::remove);
        CHECK(p.changes[1].name == "gitops-old");
        CHECK(p.unmanaged.size() == 1);
    }
    SECTION("all deletes every undeclared webhook") {
        const auto p = run(site(model::Prune::all), d, l);
        REQUIRE(p.changes.size() == 3);
        CHECK(p.unmanaged.empty());
        CHECK(p.changes[0].takes_over == std::optional<std::string>("alice"));
    }
    SECTION("a name prefix narrows ownership") {
        auto s = site(model::Prune::owned);
        s.name_prefix = "gitops-";
        const model::LiveWebhooks mine{live("1", "gitops-old"), live("3", "manual-hook")};
        const auto p = run(s, d, mine);
        REQUIRE(p.changes.size() == 2);
        CHECK(p.changes[1].name == "gitops-old");
        REQUIRE(p.unmanaged.size() == 1);
        CHECK(p.unmanaged[0].name == "manual-hook");
    }
}

TEST_CASE("planner: a site that declares nothing is never pruned without --allow-empty", "[plan]") {
    const model::LiveWebhooks l{live("1", "gitops-old")};
    const auto p = run(site(model::Prune::owned), {}, l);
    REQUIRE(p.brakes.size() == 1);
    CHECK(p.brakes[0].rule == "empty-site");
    CHECK(p.refused());
    const auto allowed = run(site(model::Prune::owned), {}, l, "3.24", plan::PlanOptions{true, false});
    CHECK_FALSE(allowed.refused());
    CHECK(allowed.brakes[0].overridden);
}

TEST_CASE("planner: deleting more than half and more than 3 managed webhooks needs --allow-mass-delete", "[plan]") {
    model::LiveWebhooks l;
    for (int i = 0; i < 4; ++i) l.push_back(live(std::to_string(i), "gitops-old-" + std::to_string(i)));
    l.push_back(live("k", "gitops-keep"));
    const auto p = run(site(model::Prune::owned), {declared("gitops-keep")}, l);
    CHECK(p.refused());
    REQUIRE(p.brakes.size() == 1);
    CHECK(p.brakes[0].message == "the plan would delete 4 of the 5 managed webhooks on site marketing; "
                                 "pass --allow-mass-delete if that is intended");
    // 3 deletes is below the threshold whatever the share.
    l.pop_back();
    l.pop_back();
    const auto small = run(site(model::Prune::owned), {declared("gitops-keep")}, l);
    CHECK_FALSE(small.refused());
}

TEST_CASE("planner: an unknown event on the server is reported, not a difference on its own", "[plan]") {
    const auto p =
        run(site(), {}, {live("1", "someone-else", "FlowCompleted", "https://x.example.com/", true, "user-alice")});
    CHECK(p.changes.empty());
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].find("FlowCompleted") != std::string::npos);
}

TEST_CASE("planner: output order is deterministic whatever the input order", "[plan]") {
    model::LiveWebhooks l{live("3", "gitops-c", "WorkbookCreated"), live("1", "gitops-a", "WorkbookCreated"),
                          live("2", "gitops-b")};
    const std::vector<model::Webhook> d{declared("gitops-c"), declared("gitops-b"), declared("gitops-a")};
    const auto p1 = run(site(), d, l);
    std::reverse(l.begin(), l.end());
    const auto p2 = run(site(), {d[2], d[0], d[1]}, l);
    CHECK(p1 == p2);
    REQUIRE(p1.changes.size() == 2);
    CHECK(p1.changes[0].name == "gitops-a");
}

// The list-order and created-at rows of the assumption matrix: whatever order the server lists a name's
// webhooks in (creation order, reversed, shuffled), the same one is kept and the plan is the same.
TEST_CASE("keeper: every list order keeps the same webhook and plans the same, with and without createdAt", "[plan]") {
    for (const bool timed : {false, true}) {
        model::LiveWebhooks created{live("c9", "gitops-a"), live("a1", "gitops-a"), live("b5", "gitops-a"),
                                    live("d0", "gitops-a")};
        if (timed) { // createdAt decides over id: the oldest is c9, whose id is not the smallest
            created[0].created_at = "2026-01-01T00:00:00Z";
            created[1].created_at = "2026-01-02T00:00:00Z";
            created[2].created_at = "2026-01-02T00:00:00Z";
            created[3].created_at = "2026-01-03T00:00:00Z";
        }
        const std::string kept = timed ? "c9" : "a1";
        std::vector<std::size_t> order{0, 1, 2, 3};
        std::vector<std::string> first_deleted;
        int permutations = 0;
        do { // all 24 orders, among them reversed and every shuffle
            model::LiveWebhooks listed;
            std::vector<const model::LiveWebhook*> group;
            for (const auto i : order) listed.push_back(created[i]);
            for (const auto& l : listed) group.push_back(&l);
            CHECK(plan::pick_keeper(group, nullptr)->id == kept);
            const auto p = run(site(), {declared("gitops-a")}, listed);
            REQUIRE(p.unchanged.size() == 1);
            CHECK(p.unchanged[0].id == kept);
            std::vector<std::string> deleted;
            for (const auto& c : p.changes) deleted.push_back(c.live->id);
            if (first_deleted.empty()) first_deleted = deleted;
            CHECK(deleted == first_deleted); // the same changes, in the same order
            ++permutations;
        } while (std::next_permutation(order.begin(), order.end()));
        CHECK(permutations == 24);
        CHECK(first_deleted.size() == 3);
    }
}

// The words text, JSON, logs and metric labels all print for an operation's status.
TEST_CASE("outcome status words", "[plan]") {
    CHECK(std::string(plan::to_string(plan::Outcome::Status::done)) == "done");
    CHECK(std::string(plan::to_string(plan::Outcome::Status::failed)) == "failed");
    CHECK(std::string(plan::to_string(plan::Outcome::Status::skipped)) == "skipped");
}
