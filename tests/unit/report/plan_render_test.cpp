#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "plan/planner.hpp"
#include "report/plan_render.hpp"
#include "support.hpp"
#include "util/url.hpp"

using namespace tabhook;

namespace {

const std::string kSelf = "user-self";
const std::string kSecret = "SENTINEL-url-secret-7f3e";

model::LiveWebhook live(std::string id, std::string name, std::string event, std::string url, bool enabled,
                        std::string owner_id, std::string owner_name) {
    return model::LiveWebhook{std::move(id),
                              std::move(name),
                              tabhook::model::Event(event),
                              std::move(url),
                              enabled,
                              enabled ? "" : "Webhook disabled after repeated failures",
                              std::move(owner_id),
                              std::move(owner_name),
                              ""};
}

// One plan that exercises every kind of line the renderers print.
plan::Plan sample_plan() {
    const model::Site s = marketing_site("https://tableau.example.com/ignored/path");
    const auto wh = [](std::string name, std::string event, std::string url) {
        return model::Webhook{std::move(name),
                              "marketing",
                              tabhook::model::Event(event),
                              std::move(url),
                              true,
                              model::TestPolicy::required,
                              {}};
    };
    std::vector<model::Webhook> declared{
        wh("gitops-new", tabhook::model::Event("DatasourceRefreshFailed"), "https://relay.example.com/hook/" + kSecret),
        wh("gitops-moved", tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/v2/" + kSecret),
        wh("gitops-off", tabhook::model::Event("WorkbookRefreshFailed"), "https://relay.example.com/off"),
        wh("gitops-same", tabhook::model::Event("DatasourceCreated"), "https://relay.example.com/same"),
    };
    // Where each was declared: the text plan names it (a path a manifest's author chose is shown escaped).
    for (std::size_t i = 0; i < declared.size(); ++i)
        declared[i].location = model::Location{i == 1 ? "webhooks/x\x1b[2J.yaml" : "webhooks/marketing.yaml",
                                               static_cast<int>(3 + 7 * i), 3};
    const model::LiveWebhooks l{
        live("11111111-aaaa", "gitops-moved", tabhook::model::Event("WorkbookCreated"),
             "https://relay.example.com/v1/" + kSecret, true, "user-alice", "alice"),
        live("22222222-bbbb", "gitops-off", tabhook::model::Event("webhook-source-event-workbook-refresh-failed"),
             "https://relay.example.com/off", false, kSelf, "admin"),
        live("33333333-cccc", "gitops-same", tabhook::model::Event("datasource-created"),
             "https://RELAY.example.com:443/same", true, kSelf, "admin"),
        live("44444444-dddd", "gitops-stale", tabhook::model::Event("WorkbookDeleted"),
             "https://relay.example.com/stale", true, kSelf, "admin"),
        live("55555555-eeee", "manual-hook", tabhook::model::Event("FlowCompleted"),
             "https://other.example.com/x?token=" + kSecret, true, "user-alice", "alice"),
    };
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, declared, l, plan::SiteContext{kSelf, "3.24"}, {}));
    return p;
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
                                          tabhook::model::Event("WorkbookCreated"),
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

namespace {

// A site that sends to relay.example.com (an unchanged webhook) and other.example.com (someone else's,
// unmanaged); the manifests add a webhook to each of those hosts, and one to a host the site never used.
plan::Plan destinations_plan() {
    const model::Site s = marketing_site();
    const auto wh = [](std::string name, std::string url) {
        return model::Webhook{std::move(name),
                              "marketing",
                              tabhook::model::Event("WorkbookCreated"),
                              std::move(url),
                              true,
                              model::TestPolicy::required,
                              {}};
    };
    const std::vector<model::Webhook> declared{
        wh("gitops-same", "https://relay.example.com/same"),
        wh("gitops-to-relay", "https://RELAY.example.com:443/new-path?token=" + kSecret),
        wh("gitops-to-other", "https://other.example.com/new"),
        wh("gitops-to-evil", "https://evil.example.net/collect/" + kSecret),
        wh("gitops-to-relay-port", "https://relay.example.com:8443/x"),
    };
    const model::LiveWebhooks l{
        live("1", "gitops-same", tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/same", true,
             kSelf, "admin"),
        live("2", "manual-hook", tabhook::model::Event("FlowCompleted"), "https://other.example.com/x", true,
             "user-alice", "alice"),
    };
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, declared, l, plan::SiteContext{kSelf, "3.24"}, {}));
    return p;
}

const nlohmann::json& change_named(const nlohmann::json& doc, const std::string& name) {
    for (const auto& c : doc["sites"][0]["changes"])
        if (c["name"] == name) return c;
    FAIL("no change named " << name);
    static const nlohmann::json none;
    return none;
}

std::string line_with(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    if (at == std::string::npos) return "";
    const auto start = text.rfind('\n', at);
    return text.substr(start == std::string::npos ? 0 : start + 1, text.find('\n', at) - (start + 1));
}

} // namespace

TEST_CASE("report: a create to a host no webhook of the site sends to is flagged, to a used host it is not",
          "[report][destination]") {
    const auto p = destinations_plan();
    const auto doc = nlohmann::json::parse(report::render_plan_json(p));
    CHECK(change_named(doc, "gitops-to-evil")["destination_host"] == "https://evil.example.net");
    CHECK(change_named(doc, "gitops-to-evil")["new_destination_host"] == true);
    CHECK(change_named(doc, "gitops-to-relay")["destination_host"] == "https://relay.example.com");
    CHECK(change_named(doc, "gitops-to-relay")["new_destination_host"] == false);
    // A host only an unmanaged webhook (another account's) sends to is already in use on the site.
    CHECK(change_named(doc, "gitops-to-other")["new_destination_host"] == false);
    // Another port is another destination.
    CHECK(change_named(doc, "gitops-to-relay-port")["destination_host"] == "https://relay.example.com:8443");
    CHECK(change_named(doc, "gitops-to-relay-port")["new_destination_host"] == true);

    const std::string text = report::render_plan_text(p, {});
    CHECK(text.find("+ gitops-to-evil\n      event:   WorkbookCreated\n      url:     https://evil.example.net/…#") !=
          std::string::npos);
    CHECK(line_with(text, "https://evil.example.net/…#").ends_with("(new destination host)"));
    CHECK(line_with(text, "https://other.example.com/…#") ==
          "      url:     https://other.example.com/…#" + util::fingerprint("https://other.example.com/new"));

    const std::string md = report::render_plan_markdown(p);
    CHECK(md.find("**2 webhook(s) would send events to a new destination host**") != std::string::npos);
    CHECK(md.find("`https://evil.example.net` (`gitops-to-evil` on site `marketing`)") != std::string::npos);
    CHECK(md.find("+ create gitops-to-evil\n#   event WorkbookCreated, sent to https://evil.example.net/…#") !=
          std::string::npos);
    CHECK(line_with(md, "sent to https://evil.example.net/…#").ends_with("  (new destination host)"));
    CHECK_FALSE(line_with(md, "sent to https://other.example.com/…#").ends_with("(new destination host)"));
    for (const auto& out : {text, md, report::render_plan_json(p)}) CHECK(out.find(kSecret) == std::string::npos);
}

TEST_CASE("report: deletes show their event and destination host, not only their id", "[report][destination]") {
    const auto p = sample_plan();
    const std::string stale = "https://relay.example.com/…#" + util::fingerprint("https://relay.example.com/stale");
    CHECK(report::render_plan_text(p, {}).find("  - gitops-stale  id 44444444-dddd\n      event:   WorkbookDeleted\n"
                                               "      url:     " +
                                               stale + "\n") != std::string::npos);
    CHECK(report::render_plan_markdown(p).find("- delete gitops-stale\n#   event WorkbookDeleted, sent to " + stale +
                                               "\n") != std::string::npos);
    const auto doc = nlohmann::json::parse(report::render_plan_json(p));
    CHECK(change_named(doc, "gitops-stale")["destination_host"] == "https://relay.example.com");
    CHECK(change_named(doc, "gitops-stale")["new_destination_host"] == false);
}

TEST_CASE("report: a plan with a site that could not be read never says No changes", "[report]") {
    model::Site s;
    s.name = "quiet";
    s.server = "https://t.example.com";
    plan::Plan p;
    p.sites.push_back(plan::plan_site(s, {}, {}, plan::SiteContext{kSelf, "3.24"}, {}));
    CHECK(report::render_plan_text(p, {}).find("No changes.") != std::string::npos);
    CHECK(report::render_plan_markdown(p).find("No changes.") != std::string::npos);

    plan::SitePlan unread = plan::site_header(s, {});
    unread.site = "broken";
    unread.error = "POST /api/3.24/auth/signin: 401001";
    p.sites.push_back(std::move(unread));
    const std::string text = report::render_plan_text(p, {});
    const std::string md = report::render_plan_markdown(p);
    CHECK(text.find("No changes.") == std::string::npos);
    CHECK(md.find("No changes.") == std::string::npos);
    CHECK(text.find("2 site(s). Nothing to change in the sites read. 1 site(s) could not be read: this plan is "
                    "incomplete.") != std::string::npos);
    CHECK(md.find("\nNothing to change in the sites read.\n") != std::string::npos);
}
