#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "plan/planner.hpp"
#include "report/plan_render.hpp"

using namespace tabhook;

namespace {

const std::string kSelf = "user-self";
const std::string kSecret = "SENTINEL-url-secret-7f3e";

model::LiveWebhook live(std::string id, std::string name, std::string event, std::string url, bool enabled,
                        std::string owner_id, std::string owner_name) {
    return model::LiveWebhook{std::move(id),
                              std::move(name),
                              std::move(event),
                              std::move(url),
                              enabled,
                              enabled ? "" : "Webhook disabled after repeated failures",
                              std::move(owner_id),
                              std::move(owner_name),
                              ""};
}

// One plan that exercises every kind of line the renderers print.
plan::Plan sample_plan() {
    model::Site s;
    s.name = "marketing";
    s.server = "https://tableau.example.com/ignored/path";
    s.content_url = "marketing";
    s.prune = model::Prune::owned;
    const auto wh = [](std::string name, std::string event, std::string url) {
        return model::Webhook{
            std::move(name), "marketing", std::move(event), std::move(url), true, model::TestPolicy::required, {}};
    };
    const std::vector<model::Webhook> declared{
        wh("gitops-new", "DatasourceRefreshFailed", "https://relay.example.com/hook/" + kSecret),
        wh("gitops-moved", "WorkbookCreated", "https://relay.example.com/v2/" + kSecret),
        wh("gitops-off", "WorkbookRefreshFailed", "https://relay.example.com/off"),
        wh("gitops-same", "DatasourceCreated", "https://relay.example.com/same"),
    };
    const model::LiveWebhooks l{
        live("11111111-aaaa", "gitops-moved", "WorkbookCreated", "https://relay.example.com/v1/" + kSecret, true,
             "user-alice", "alice"),
        live("22222222-bbbb", "gitops-off", "webhook-source-event-workbook-refresh-failed",
             "https://relay.example.com/off", false, kSelf, "admin"),
        live("33333333-cccc", "gitops-same", "datasource-created", "https://RELAY.example.com:443/same", true, kSelf,
             "admin"),
        live("44444444-dddd", "gitops-stale", "WorkbookDeleted", "https://relay.example.com/stale", true, kSelf,
             "admin"),
        live("55555555-eeee", "manual-hook", "FlowCompleted", "https://other.example.com/x?token=" + kSecret, true,
             "user-alice", "alice"),
    };
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, declared, l, plan::SiteContext{kSelf, "3.24"}, {}));
    return p;
}

std::string golden_path(const std::string& name) { return std::string(TABHOOK_SOURCE_DIR) + "/tests/golden/" + name; }

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_path(name);
    if (std::getenv("UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << actual;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

} // namespace

TEST_CASE("report: text plan matches its golden file", "[report]") {
    check_golden("plan.txt", report::render_plan_text(sample_plan(), {}));
}

TEST_CASE("report: json plan matches its golden file", "[report]") {
    check_golden("plan.json", report::render_plan_json(sample_plan()));
}

TEST_CASE("report: markdown plan matches its golden file", "[report]") {
    check_golden("plan.md", report::render_plan_markdown(sample_plan()));
}

TEST_CASE("report: no rendering shows a URL's path or query", "[report][secrets]") {
    const auto p = sample_plan();
    CHECK(report::render_plan_text(p, {true}).find(kSecret) == std::string::npos);
    CHECK(report::render_plan_json(p).find(kSecret) == std::string::npos);
    CHECK(report::render_plan_markdown(p).find(kSecret) == std::string::npos);
}

TEST_CASE("report: colour appears only when asked for", "[report]") {
    const auto p = sample_plan();
    CHECK(report::render_plan_text(p, {false}).find('\033') == std::string::npos);
    CHECK(report::render_plan_text(p, {true}).find('\033') != std::string::npos);
}

TEST_CASE("report: json plan is versioned and counts every change", "[report]") {
    const auto doc = nlohmann::json::parse(report::render_plan_json(sample_plan()));
    CHECK(doc["format_version"] == "1");
    CHECK(doc["summary"]["create"] == 1);
    CHECK(doc["summary"]["replace"] == 1);
    CHECK(doc["summary"]["reenable"] == 1);
    CHECK(doc["summary"]["delete"] == 1);
    CHECK(doc["summary"]["takeovers"] == 1);
    CHECK(doc["sites"][0]["unmanaged"].size() == 1);
}

TEST_CASE("report: a huge markdown plan is cut to fit a comment and stays well-formed", "[report]") {
    model::Site s;
    s.name = "big";
    s.server = "https://t.example.com";
    std::vector<model::Webhook> declared;
    for (int i = 0; i < 10000; ++i)
        declared.push_back(model::Webhook{"gitops-webhook-" + std::to_string(i),
                                          "big",
                                          "WorkbookCreated",
                                          "https://relay.example.com/" + std::to_string(i),
                                          true,
                                          model::TestPolicy::required,
                                          {}});
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, declared, {}, plan::SiteContext{kSelf, "3.24"}, {}));
    const std::string md = report::render_plan_markdown(p);
    CHECK(md.size() <= 60000);
    CHECK(md.find("Details truncated") != std::string::npos);
    CHECK(md.rfind("| `big` | 10000 |", std::string::npos) != std::string::npos);
    // Every opened code block is closed.
    std::size_t fences = 0;
    for (std::size_t pos = md.find("```"); pos != std::string::npos; pos = md.find("```", pos + 3)) ++fences;
    CHECK(fences % 2 == 0);
}
