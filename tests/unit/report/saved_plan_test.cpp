#include <catch2/catch.hpp>

#include "plan/planner.hpp"
#include "report/saved_plan.hpp"

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
                                          "WorkbookCreated",
                                          "https://relay.example.com/SENTINEL-PATH",
                                          true,
                                          model::TestPolicy::required,
                                          {}});
        live.push_back(model::LiveWebhook{"1", "gitops-old", "WorkbookCreated", "https://relay.example.com/x", true, "",
                                          "me", "admin", ""});
        live.push_back(model::LiveWebhook{"2", "manual", "WorkbookCreated", "https://relay.example.com/y", true, "",
                                          "alice-id", "alice", ""});
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
