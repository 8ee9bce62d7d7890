#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "reconcile/execute.hpp"
#include "fake_client.hpp"
#include "plan/planner.hpp"
#include "util/url.hpp"

using namespace tabhook;
using testing::FakeClient;

namespace {

model::Site site() {
    model::Site s;
    s.name = "marketing";
    s.server = "https://t.example.com";
    s.prune = model::Prune::owned;
    return s;
}

model::Webhook declared(std::string name, std::string url = "https://relay.example.com/a",
                        model::TestPolicy test = model::TestPolicy::required) {
    return model::Webhook{
        std::move(name), "marketing", tabhook::model::Event("WorkbookCreated"), std::move(url), true, test, {}};
}

model::LiveWebhook live(std::string id, std::string name, std::string url = "https://relay.example.com/a") {
    return model::LiveWebhook{std::move(id),
                              std::move(name),
                              tabhook::model::Event("WorkbookCreated"),
                              std::move(url),
                              true,
                              "",
                              "me",
                              "admin",
                              ""};
}

plan::SitePlan plan_for(const model::Site& s, const std::vector<model::Webhook>& d, const FakeClient& c) {
    return plan::plan_site(s, d, c.webhooks, plan::SiteContext{"me", "3.24"}, {});
}

std::size_t named(const FakeClient& c, const std::string& name) {
    return static_cast<std::size_t>(
        std::count_if(c.webhooks.begin(), c.webhooks.end(), [&](const auto& w) { return w.name == name; }));
}

} // namespace

TEST_CASE("apply: converges, tests what it changed, and a second run sends no write", "[apply]") {
    FakeClient c;
    c.webhooks = {live("1", "gitops-stale"), live("2", "gitops-moved", "https://relay.example.com/old")};
    const std::vector<model::Webhook> d{declared("gitops-new"), declared("gitops-moved")};
    const auto result = reconcile::apply_site(plan_for(site(), d, c), d, c, {});
    REQUIRE(result.outcomes.size() == 3);
    for (const auto& o : result.outcomes) CHECK(o.status == plan::Outcome::Status::done);
    REQUIRE(result.tests.size() == 2);
    for (const auto& t : result.tests) CHECK(t.passed);
    CHECK(named(c, "gitops-stale") == 0);
    CHECK(named(c, "gitops-moved") == 1);
    CHECK(plan_for(site(), d, c).changes.empty());

    c.calls.clear();
    const auto second = reconcile::apply_site(plan_for(site(), d, c), d, c, {});
    CHECK(second.outcomes.empty());
    CHECK(c.calls.empty());
}

TEST_CASE("apply: replace creates first and deletes after", "[apply]") {
    FakeClient c;
    c.webhooks = {live("1", "gitops-a", "https://relay.example.com/old")};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(c.calls == std::vector<std::string>{"create gitops-a", "delete 1", "list"});
}

TEST_CASE("apply: when the server refuses duplicate names (409 or 400, any code), replace lists, deletes first and "
          "says so",
          "[apply]") {
    for (const auto& [status, code] : {std::pair{409, "409050"}, std::pair{400, "400009"}, std::pair{422, ""}}) {
        INFO(status);
        FakeClient c;
        c.unique_names = true;
        c.duplicate_status = status;
        c.duplicate_code = code;
        c.webhooks = {live("1", "gitops-a", "https://relay.example.com/old")};
        const std::vector<model::Webhook> d{declared("gitops-a")};
        const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
        CHECK(c.calls == std::vector<std::string>{"create gitops-a", "list", "delete 1", "create gitops-a", "list"});
        REQUIRE(r.outcomes.size() == 1);
        CHECK(r.outcomes[0].status == plan::Outcome::Status::done);
        CHECK(r.outcomes[0].notes.front() ==
              fmt::format("the server refused the new webhook while the old one exists (HTTP {}{}): deleted the old "
                          "webhook first, then created the new one",
                          status, std::string(code).empty() ? "" : std::string(" ") + code));
        CHECK(named(c, "gitops-a") == 1);
        CHECK(c.webhooks[0].url == "https://relay.example.com/a");
    }
}

TEST_CASE("apply: a replace whose new webhook is refused even after the delete restores the old one", "[apply]") {
    FakeClient c;
    c.unique_names = true;
    c.refuse_url = "https://relay.example.com/a";
    c.webhooks = {live("1", "gitops-a", "https://relay.example.com/old")};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(c.calls ==
          std::vector<std::string>{"create gitops-a", "list", "delete 1", "create gitops-a", "create gitops-a"});
    REQUIRE(r.outcomes.size() == 1);
    CHECK(r.outcomes[0].status == plan::Outcome::Status::failed);
    // Never neither: the old webhook is back (with a new id), the failure is reported.
    REQUIRE(named(c, "gitops-a") == 1);
    CHECK(c.webhooks[0].url == "https://relay.example.com/old");
    CHECK(r.outcomes[0].notes.back() == "the new webhook was refused after the old one was deleted: the old one was "
                                        "created again (id " +
                                            c.webhooks[0].id + ")");
}

TEST_CASE("apply: a replace refused for another reason than the name keeps the old webhook when nothing helps",
          "[apply]") {
    // 403 (permission) and 429 (rate) are not about the name: no other order of writes is tried.
    FakeClient c;
    c.unique_names = true;
    c.duplicate_status = 403;
    c.webhooks = {live("1", "gitops-a", "https://relay.example.com/old")};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(c.calls == std::vector<std::string>{"create gitops-a"});
    CHECK(r.outcomes[0].status == plan::Outcome::Status::failed);
    CHECK(named(c, "gitops-a") == 1);
}

TEST_CASE("apply: a delete answered 404 or 400 (any code) is 'already gone' only when a re-list agrees", "[apply]") {
    for (const auto& [status, code] : {std::pair{404, "404050"}, std::pair{404, "404000"}, std::pair{400, "400113"}}) {
        INFO(code);
        // Gone: the list does not have it.
        FakeClient gone;
        gone.missing_status = status;
        gone.missing_code = code;
        // Planned while it existed; deleted by someone else between plan and apply.
        const model::LiveWebhooks before{live("1", "gitops-stale")};
        const auto p = plan::plan_site(site(), {}, before, plan::SiteContext{"me", "3.24"}, {true, true});
        REQUIRE(p.changes.size() == 1);
        const auto r = reconcile::apply_site(p, {}, gone, {1, apply::TestMode::none, {}, nullptr});
        REQUIRE(r.outcomes.size() == 1);
        CHECK(r.outcomes[0].status == plan::Outcome::Status::done);
        CHECK(r.outcomes[0].notes == std::vector<std::string>{"already deleted by someone else"});
    }
    // Still listed: the 400 was about something else, and the delete is reported failed.
    struct Stubborn : FakeClient {
        tableau::ApiResult<void> delete_webhook(const std::string& id) override {
            calls.push_back("delete " + id);
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::http;
            e.http_status = 400;
            e.code = "400000";
            return tl::unexpected(e);
        }
    } stubborn;
    stubborn.webhooks = {live("1", "gitops-stale")};
    const auto p = plan::plan_site(site(), {}, stubborn.webhooks, plan::SiteContext{"me", "3.24"}, {true, true});
    const auto r = reconcile::apply_site(p, {}, stubborn, {1, apply::TestMode::none, {}, nullptr});
    REQUIRE(r.outcomes.size() == 1);
    CHECK(r.outcomes[0].status == plan::Outcome::Status::failed);
    CHECK(stubborn.calls == std::vector<std::string>{"delete 1", "list"});
}

TEST_CASE("apply: a create whose response was lost is adopted, never created twice", "[apply]") {
    FakeClient c;
    c.lose_create_responses = 1;
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {});
    REQUIRE(r.outcomes.size() == 1);
    CHECK(r.outcomes[0].status == plan::Outcome::Status::done);
    CHECK_FALSE(r.outcomes[0].new_id.empty());
    CHECK(named(c, "gitops-a") == 1);
    REQUIRE(r.tests.size() == 1);
    CHECK(r.tests[0].passed);
}

TEST_CASE("apply: a failed delete after a create leaves a duplicate the next run removes", "[apply]") {
    FakeClient c;
    c.fail_deletes = 1;
    c.webhooks = {live("1", "gitops-a", "https://relay.example.com/old")};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(r.outcomes[0].status == plan::Outcome::Status::failed);
    CHECK(named(c, "gitops-a") == 2);
    reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(named(c, "gitops-a") == 1);
    CHECK(plan_for(site(), d, c).changes.empty());
}

TEST_CASE("apply: a failing receiver is retried once and reported; policy decides", "[apply]") {
    FakeClient c;
    c.test_status["gitops-req"] = 500;
    c.test_status["gitops-best"] = 503;
    const std::vector<model::Webhook> d{
        declared("gitops-req"), declared("gitops-best", "https://relay.example.com/a", model::TestPolicy::best_effort),
        declared("gitops-skip", "https://relay.example.com/a", model::TestPolicy::skip)};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {});
    REQUIRE(r.tests.size() == 2);
    for (const auto& t : r.tests) {
        CHECK_FALSE(t.passed);
        CHECK(t.attempts == 2);
    }
    CHECK(std::count(c.calls.begin(), c.calls.end(), "test gitops-skip") == 0);
}

// The test-result row of the assumption matrix: only a reported 2xx passes. Tableau Online's 200 with
// status "404" and body "agent not found" (the receiver was never contacted) and an answer with no status
// at all are failures the user sees, with what Tableau reported.
TEST_CASE("apply: a test reporting 404 \"agent not found\" or no status fails a required test", "[apply]") {
    FakeClient c;
    c.test_results["gitops-agent"] = tableau::TestResult{404, "agent not found"};
    c.test_results["gitops-silent"] = tableau::TestResult{std::nullopt, "accepted"};
    c.test_results["gitops-ok"] = tableau::TestResult{204, ""};
    const std::vector<model::Webhook> d{declared("gitops-agent"), declared("gitops-silent"), declared("gitops-ok")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {});
    REQUIRE(r.tests.size() == 3);
    for (const auto& t : r.tests) {
        if (t.name == "gitops-ok") {
            CHECK(t.passed);
            CHECK(t.status == 204);
            continue;
        }
        CHECK_FALSE(t.passed);
        CHECK(t.attempts == 2);
        CHECK(t.error.empty());
        if (t.name == "gitops-agent") {
            CHECK(t.status == 404);
            CHECK(t.body == "agent not found");
        } else {
            CHECK_FALSE(t.status.has_value());
            CHECK(t.body == "accepted");
        }
    }
}

TEST_CASE("apply: --test all also tests unchanged webhooks, --test none tests nothing", "[apply]") {
    FakeClient c;
    c.webhooks = {live("1", "gitops-same")};
    const std::vector<model::Webhook> d{declared("gitops-same"), declared("gitops-new")};
    const auto all = reconcile::apply_site(plan_for(site(), d, c), d, c, {4, apply::TestMode::all, {}, nullptr});
    CHECK(all.tests.size() == 2);
    FakeClient c2;
    const auto none = reconcile::apply_site(plan_for(site(), d, c2), d, c2, {4, apply::TestMode::none, {}, nullptr});
    CHECK(none.tests.empty());
}

TEST_CASE("apply: an interrupted run starts nothing new", "[apply]") {
    FakeClient c;
    std::vector<model::Webhook> d;
    for (int i = 0; i < 20; ++i) d.push_back(declared("gitops-" + std::to_string(i)));
    std::atomic<bool> stop{true};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c,
                                         {4, apply::TestMode::changed, util::StopToken(stop), nullptr});
    CHECK(r.interrupted);
    CHECK(c.calls.empty());
    for (const auto& o : r.outcomes) CHECK(o.status == plan::Outcome::Status::skipped);
}

TEST_CASE("apply: a refused or suspended plan changes nothing", "[apply]") {
    FakeClient c;
    for (int i = 0; i < 5; ++i) c.webhooks.push_back(live(std::to_string(i), "gitops-" + std::to_string(i)));
    const auto r = reconcile::apply_site(plan_for(site(), {}, c), {}, c, {});
    CHECK(r.refused);
    CHECK(c.calls.empty());
    auto s = site();
    s.suspend = true;
    const std::vector<model::Webhook> d{declared("gitops-x")};
    const auto suspended = reconcile::apply_site(plan_for(s, d, c), d, c, {});
    CHECK(suspended.suspended);
    CHECK(c.calls.empty());
}

TEST_CASE("apply: parallel workers apply many changes exactly once", "[apply]") {
    FakeClient c;
    std::vector<model::Webhook> d;
    for (int i = 0; i < 200; ++i) d.push_back(declared("gitops-" + std::to_string(i)));
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {8, apply::TestMode::changed, {}, nullptr});
    CHECK(c.webhooks.size() == 200);
    CHECK(r.tests.size() == 200);
    CHECK(plan_for(site(), d, c).changes.empty());
}

TEST_CASE("apply: a webhook declared disabled is created disabled and not tested", "[apply]") {
    FakeClient c;
    auto off = declared("gitops-off");
    off.enabled = false;
    const std::vector<model::Webhook> d{off};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {4, apply::TestMode::all, {}, nullptr});
    REQUIRE(c.webhooks.size() == 1);
    CHECK_FALSE(c.webhooks[0].enabled);
    CHECK(r.tests.empty());
    CHECK(apply::test_declared(d, c.webhooks, c, {}).empty());
}

TEST_CASE("test: reports the URL of the live webhook it tested, and the manifest's when it differs", "[apply]") {
    FakeClient c;
    c.webhooks = {live("1", "gitops-moved", "https://old.example.com/a"), live("2", "gitops-same")};
    const std::vector<model::Webhook> d{declared("gitops-moved", "https://relay.example.com/new"),
                                        declared("gitops-same", "https://RELAY.example.com:443/a")};
    const auto tests = apply::test_declared(d, c.webhooks, c, {});
    REQUIRE(tests.size() == 2);
    CHECK(tests[0].id == "1");
    CHECK(tests[0].url == util::redact_url("https://old.example.com/a"));
    CHECK(tests[0].declared_url == util::redact_url("https://relay.example.com/new"));
    // The same URL written differently is the same URL.
    CHECK(tests[1].url == util::redact_url("https://relay.example.com/a"));
    CHECK(tests[1].declared_url.empty());
}

TEST_CASE("test: the webhook tested is the planner's keeper, not the first listed", "[apply]") {
    FakeClient c;
    auto young = live("a-young", "gitops-a");
    young.created_at = "2026-03-01T00:00:00Z";
    auto old = live("z-old", "gitops-a");
    old.created_at = "2026-01-01T00:00:00Z";
    c.webhooks = {young, old};
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto tests = apply::test_declared(d, c.webhooks, c, {});
    REQUIRE(tests.size() == 1);
    CHECK(tests[0].id == "z-old");
    REQUIRE(plan_for(site(), d, c).unchanged.size() == 1);
    CHECK(plan_for(site(), d, c).unchanged[0].id == tests[0].id);

    // Without createdAt the smallest id decides, whatever the list order.
    c.webhooks = {live("z-first", "gitops-a"), live("a-second", "gitops-a")};
    const auto untimed = apply::test_declared(d, c.webhooks, c, {});
    REQUIRE(untimed.size() == 1);
    CHECK(untimed[0].id == "a-second");
    CHECK(plan_for(site(), d, c).unchanged[0].id == "a-second");
}

namespace {

// Another apply (on another machine) creating the same declared webhooks while this one runs: before
// each of this run's creates, a webhook with the same name and declaration appears under `other_id`.
class RacedClient : public FakeClient {
  public:
    std::function<std::string(const std::string&)> other_id;
    tableau::ApiResult<model::LiveWebhook> create_webhook(const tableau::WebhookSpec& spec) override {
        webhooks.push_back(live(other_id(spec.name), spec.name, spec.url));
        return FakeClient::create_webhook(spec);
    }
};

} // namespace

TEST_CASE("apply: the verification re-list removes duplicates created meanwhile, keeping the keeper", "[apply]") {
    const std::vector<model::Webhook> d{declared("gitops-a"), declared("gitops-b")};
    for (const bool other_is_older : {true, false}) {
        RacedClient c;
        // Ids decide without createdAt: "0…" sorts before this run's "new-N", "z…" after.
        c.other_id = [&](const std::string& name) { return (other_is_older ? "0-other-" : "z-other-") + name; };
        const auto p = plan_for(site(), d, c);
        apply::ApplyOptions options{1, apply::TestMode::changed, {}, nullptr};
        std::vector<std::size_t> told; // the re-list's deletes are told live like the plan's changes
        options.on_outcome = [&](const std::string&, std::size_t i, const plan::Outcome& o) {
            if (i >= 2) CHECK(o.notes.at(0).find("verification re-list") != std::string::npos);
            told.push_back(i);
        };
        const auto r = reconcile::apply_site(p, d, c, options);
        std::sort(told.begin(), told.end());
        CHECK(told == std::vector<std::size_t>{0, 1, 2, 3});
        CHECK(named(c, "gitops-a") == 1);
        CHECK(named(c, "gitops-b") == 1);
        REQUIRE(r.outcomes.size() == 4);
        for (const auto& o : r.outcomes) CHECK(o.status == plan::Outcome::Status::done);
        const auto& removed = r.outcomes[2];
        CHECK(removed.change.action == plan::Action::remove);
        REQUIRE_FALSE(removed.notes.empty());
        CHECK(removed.notes[0].find("verification re-list") != std::string::npos);
        for (const auto& w : c.webhooks) CHECK((w.id.rfind("0-other-", 0) == 0) == other_is_older);
        // What survives is what a new plan keeps: nothing left to do, and the survivor was tested.
        CHECK(plan_for(site(), d, c).changes.empty());
        REQUIRE(r.tests.size() == 2);
        for (const auto& t : r.tests) {
            CHECK(t.passed);
            CHECK(std::any_of(c.webhooks.begin(), c.webhooks.end(), [&](const auto& w) { return w.id == t.id; }));
        }
    }
}

TEST_CASE("apply: the verification leaves alone duplicates the site had when planned", "[apply]") {
    FakeClient c;
    c.webhooks = {live("2", "gitops-a", "https://relay.example.com/a"), live("1", "gitops-a"),
                  live("3", "gitops-b", "https://relay.example.com/old")};
    c.fail_deletes = 1; // the planned delete of duplicate "2" fails
    const std::vector<model::Webhook> d{declared("gitops-a"), declared("gitops-b")};
    const auto r = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::none, {}, nullptr});
    CHECK(std::count(c.calls.begin(), c.calls.end(), "list") == 1);     // the verification ran
    CHECK(std::count(c.calls.begin(), c.calls.end(), "delete 2") == 1); // and did not retry the planned delete
    CHECK(named(c, "gitops-a") == 2);
    CHECK(r.outcomes.size() == 2);
}

TEST_CASE("apply phases: no re-list is due after a run that wrote nothing, and none is sent", "[apply]") {
    FakeClient c;
    c.webhooks = {live("1", "gitops-a"), live("2", "gitops-b")};
    c.fail_deletes = 1;
    const std::vector<model::Webhook> d{declared("gitops-b")};
    const auto p = plan_for(site(), d, c); // deletes gitops-a (owned, undeclared): the delete fails
    apply::SiteRun run(p, d, c, {1, apply::TestMode::changed, {}, nullptr});
    REQUIRE(run.has_work());
    run.write_changes();
    CHECK_FALSE(run.relist_due());
    const auto r = run.finish();
    REQUIRE(r.outcomes.size() == 1);
    CHECK(r.outcomes[0].status == plan::Outcome::Status::failed);
    CHECK(c.calls == std::vector<std::string>{"delete 1"});
    // Once the delete goes through, the run wrote: the re-list follows the write.
    const auto again = reconcile::apply_site(plan_for(site(), d, c), d, c, {1, apply::TestMode::changed, {}, nullptr});
    CHECK(again.outcomes.at(0).status == plan::Outcome::Status::done);
    CHECK(c.calls == std::vector<std::string>{"delete 1", "delete 1", "list"});
}

TEST_CASE("apply phases: a failed re-list is the site's error, and what changed is still tested", "[apply]") {
    FakeClient c;
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto p = plan_for(site(), d, c);
    apply::SiteRun run(p, d, c, {1, apply::TestMode::changed, {}, nullptr});
    run.write_changes();
    REQUIRE(run.relist_due());
    run.relist_failed("HTTP 500 (500000)");
    REQUIRE(run.tests_due());
    run.test();
    const auto r = run.finish();
    CHECK(r.error.find("the verification re-list after the apply failed: HTTP 500 (500000)") == 0);
    REQUIRE(r.tests.size() == 1);
    CHECK(r.tests[0].passed);
    CHECK(r.concurrency.reached == 1);
}

TEST_CASE("apply phases: a suspended site has no phase to run and reports no concurrency", "[apply]") {
    FakeClient c;
    auto s = site();
    s.suspend = true;
    const std::vector<model::Webhook> d{declared("gitops-a")};
    const auto p = plan_for(s, d, c);
    bool told = false;
    apply::ApplyOptions options;
    options.on_concurrency = [&](const std::string&, const plan::Concurrency&) { told = true; };
    apply::SiteRun run(p, d, c, options);
    CHECK_FALSE(run.has_work());
    const auto r = run.finish();
    CHECK(r.suspended);
    CHECK_FALSE(told);
    CHECK(c.calls.empty());
}
