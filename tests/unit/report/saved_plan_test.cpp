#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "plan/planner.hpp"
#include "report/saved_plan.hpp"
#include "util/url.hpp"

using namespace tabhook;

namespace {

struct Fixture {
    model::Site site;
    std::vector<model::Webhook> declared;
    model::LiveWebhooks live;

    Fixture() {
        site.name = "marketing";
        site.server = "https://tableau.example.com";
        site.content_url = "marketing";
        site.auth = model::Auth{model::Auth::Kind::personal_access_token, "tabhook-ci", "SENTINEL-PAT-SECRET"};
        site.prune = model::Prune::owned;
        declared.push_back(model::Webhook{"gitops-a",
                                          "marketing",
                                          tabhook::model::Event("WorkbookCreated"),
                                          "https://relay.example.com/SENTINEL-PATH",
                                          true,
                                          model::TestPolicy::required,
                                          {}});
        live.push_back(model::LiveWebhook{"1", "gitops-old", tabhook::model::Event("WorkbookCreated"),
                                          "https://relay.example.com/x", true, "", "me", "admin", ""});
        live.push_back(model::LiveWebhook{"2", "manual", tabhook::model::Event("WorkbookCreated"),
                                          "https://relay.example.com/y", true, "", "alice-id", "alice", ""});
    }

    nlohmann::json saved() const {
        plan::Plan p;
        p.sites.push_back(plan::plan_site(site, declared, live, plan::SiteContext{"me", "3.24"}, {}));
        return report::make_saved_plan(p, {site});
    }
};

} // namespace

TEST_CASE("saved plan: holds no secret", "[report][secrets]") {
    const std::string text = Fixture().saved().dump();
    CHECK(text.find("SENTINEL") == std::string::npos);
}

TEST_CASE("saved plan: an unchanged world compares equal", "[report]") {
    const Fixture f;
    CHECK(report::compare_saved_plans(f.saved(), f.saved()).empty());
}

TEST_CASE("saved plan: a changed url, server or owned webhook refuses", "[report]") {
    const Fixture f;
    const auto saved = f.saved();
    Fixture url = f;
    url.declared[0].url = "https://relay.example.com/other";
    CHECK_FALSE(report::compare_saved_plans(saved, url.saved()).empty());
    Fixture server = f;
    server.site.server = "https://evil.example.com";
    const auto diffs = report::compare_saved_plans(saved, server.saved());
    REQUIRE_FALSE(diffs.empty());
    CHECK(diffs[0] == "site marketing: server changed since the plan was made");
    Fixture owned = f;
    owned.live[0].enabled = false;
    CHECK_FALSE(report::compare_saved_plans(saved, owned.saved()).empty());
}

TEST_CASE("saved plan: a change to an unmanaged webhook does not block", "[report]") {
    const Fixture f;
    Fixture other = f;
    other.live[1].url = "https://relay.example.com/changed";
    CHECK(report::compare_saved_plans(f.saved(), other.saved()).empty());
}

TEST_CASE("saved plan: garbage is refused with a clear message", "[report]") {
    CHECK(report::compare_saved_plans(nlohmann::json::array(), Fixture().saved()) ==
          std::vector<std::string>{"the file is not a tabhook saved plan"});
}

TEST_CASE("saved plan: a plan that replaces 100,000 webhooks fits under the size apply --plan reads",
          "[report][limits]") {
    // 100-character names and ids, owners and reasons as long as Tableau makes them: more than a real
    // site of 100,000 webhooks needs.
    plan::Plan p;
    p.sites.emplace_back();
    auto& site = p.sites.back();
    site.site = "marketing";
    site.server = "https://tableau.example.com";
    site.declared = 100000;
    for (int i = 0; i < 100000; ++i) {
        const std::string name = fmt::format("{:0>100}", i);
        const std::string url = fmt::format("https://relay-{}.example.com/{:x>200}", i, i);
        plan::Change c;
        c.action = plan::Action::replace;
        c.name = name;
        c.desired = model::Webhook{name,
                                   "marketing",
                                   tabhook::model::Event("DatasourceRefreshFailed"),
                                   url + "/new",
                                   true,
                                   model::TestPolicy::required,
                                   {}};
        c.live = model::LiveWebhook{fmt::format("{:08x}-0000-4000-8000-{:012x}", i, i),
                                    name,
                                    tabhook::model::Event("DatasourceRefreshFailed"),
                                    url,
                                    true,
                                    "",
                                    "0f0f0f0f-0000-4000-8000-000000000000",
                                    "someone-with-a-long-name",
                                    "2026-01-01T00:00:00Z"};
        c.reasons = {"url changed: " + util::redact_url(url) + " → " + util::redact_url(url + "/new")};
        c.drift = {plan::Drift::changed};
        site.changes.push_back(std::move(c));
    }
    model::Site s;
    s.name = "marketing";
    s.server = "https://tableau.example.com";
    const std::size_t size = (report::make_saved_plan(p, {s}).dump(2) + "\n").size();
    WARN("a saved plan replacing 100,000 webhooks: " << size << " bytes");
    CHECK(size + size / 2 < report::kMaxSavedPlanBytes); // half as much again to spare
}
