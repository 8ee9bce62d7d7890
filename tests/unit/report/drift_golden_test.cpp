// Golden files for the drift renderers (text, text in colour, JSON, markdown): any byte that changes fails
// the test. Regenerate with `UPDATE_GOLDEN=1 build/bin/unit_report` and review the diff (tests/README.md).
// The plan holds every drift class, unmanaged webhooks, a note, a suspended site, a site that could not be
// read, and text a server chose (terminal escapes, markdown and HTML metacharacters, repaired UTF-8).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "golden_strings.hpp"
#include "plan/planner.hpp"
#include "report/drift_render.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::golden;

namespace {

const std::string kSelf = "user-self";

// missing, changed (event and url), disabled-on-server (with a hostile reason), changed+disabled, duplicate,
// owned-but-undeclared, unmanaged (hostile owner and name), and an event tabhook does not know (a note).
plan::SitePlan drifted_site() {
    const model::Site s = marketing_site();
    const std::vector<model::Webhook> declared{
        wh("gitops-missing", tabhook::model::Event("DatasourceRefreshFailed"), "https://relay.example.com/missing"),
        wh("gitops-moved", tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/v2"),
        wh("gitops-off", tabhook::model::Event("WorkbookRefreshFailed"), "https://relay.example.com/off"),
        wh("gitops-both", tabhook::model::Event("WorkbookDeleted"), "https://relay.example.com/both-v2"),
        wh("gitops-twice", tabhook::model::Event("DatasourceCreated"), "https://relay.example.com/twice"),
        wh(kTicks, tabhook::model::Event("FlowCompleted"), "https://relay.example.com/ticks"),
    };
    const model::LiveWebhooks l{
        live("11111111-aaaa", "gitops-moved", tabhook::model::Event("DatasourceCreated"),
             "https://relay.example.com/v1", true, "", kSelf, "admin"),
        live("22222222-bbbb", "gitops-off", tabhook::model::Event("WorkbookRefreshFailed"),
             "https://relay.example.com/off", false, kReason, kSelf, "admin"),
        live("33333333-cccc", "gitops-both", tabhook::model::Event("WorkbookDeleted"),
             "https://relay.example.com/both-v1", false, kRepaired, kSelf, "admin"),
        live("44444444-dddd", "gitops-twice", tabhook::model::Event("DatasourceCreated"),
             "https://relay.example.com/twice", true, "", kSelf, "admin"),
        live("44444444-eeee", "gitops-twice", tabhook::model::Event("DatasourceCreated"),
             "https://relay.example.com/twice", true, "", kSelf, "admin"),
        live("55555555-ffff\n+ create", kEraser, tabhook::model::Event("WorkbookCreated"),
             "https://relay.example.com/stale", true, "", kSelf, "admin"),
        live("66666666-0000", kMarkup, "webhook-source-event-x\n- note: all good\n```",
             "https://other.example.com/x?token=SENTINEL-url-secret-7f3e", true, "", "user-mallory", kMarkup),
        live("77777777-1111", kBidi, tabhook::model::Event("WorkbookCreated"), "https://other.example.com/y", true, "",
             "user-bob", ""),
        live("88888888-2222", kTicks, tabhook::model::Event("FlowCompleted"), "https://relay.example.com/ticks", true,
             "", kSelf, "admin"),
    };
    return plan::plan_site(s, declared, l, plan::SiteContext{kSelf, "3.24"}, {});
}

plan::Plan drift_plan() {
    plan::Plan p;
    p.sites.push_back(drifted_site());
    model::Site paused = marketing_site();
    paused.name = "paused";
    paused.suspend = true;
    plan::SitePlan suspended = plan::plan_site(
        paused,
        {wh("gitops-missing", tabhook::model::Event("DatasourceRefreshFailed"), "https://relay.example.com/missing")},
        {}, plan::SiteContext{kSelf, "3.24"}, {});
    suspended.site = "paused";
    suspended.suspended = true;
    p.sites.push_back(std::move(suspended));
    plan::SitePlan unread = plan::site_header(marketing_site(), {});
    unread.site = kMarkup;
    unread.error = "POST /api/3.24/auth/signin: 401001 " + kEraser + " " + kRepaired;
    p.sites.push_back(std::move(unread));
    return p;
}

// Two sites in sync, one of them suspended: the reports that say there is nothing to do.
plan::Plan clean_plan() {
    plan::Plan p;
    const model::LiveWebhooks l{live("11111111-aaaa", "gitops-same", tabhook::model::Event("WorkbookCreated"),
                                     "https://relay.example.com/s", true, "", kSelf, "admin")};
    p.sites.push_back(plan::plan_site(
        marketing_site(), {wh("gitops-same", tabhook::model::Event("WorkbookCreated"), "https://relay.example.com/s")},
        l, plan::SiteContext{kSelf, "3.24"}, {}));
    plan::SitePlan suspended = plan::site_header(marketing_site(), {});
    suspended.site = "paused";
    suspended.suspended = true;
    p.sites.push_back(std::move(suspended));
    return p;
}

} // namespace

TEST_CASE("report: drift reports match their golden files", "[report][drift][golden]") {
    const auto p = drift_plan();
    REQUIRE(report::count_drift(p) >= 7);
    const report::DriftContext at{"0123456789abcdef0123456789abcdef01234567"};
    check_golden("drift.txt", report::render_drift_text(p, at, {}));
    check_golden("drift.color.txt", report::render_drift_text(p, at, {true}));
    check_golden("drift.json", report::render_drift_json(p, at));
    check_golden("drift.md", report::render_drift_markdown(p, at));
}

TEST_CASE("report: drift reports with nothing to repair match their golden files", "[report][drift][golden]") {
    auto p = clean_plan();
    REQUIRE(report::count_drift(p) == 0);
    check_golden("drift-none.txt", report::render_drift_text(p, {}, {}));
    check_golden("drift-none.json", report::render_drift_json(p, {}));
    check_golden("drift-none.md", report::render_drift_markdown(p, {}));
    // No drift in the sites that could be read: the report must not say "no drift" of the others.
    plan::SitePlan unread = plan::site_header(marketing_site(), {});
    unread.site = "broken";
    unread.error = "GET /api/3.24/sites/…/webhooks: HTTP 503";
    p.sites.push_back(std::move(unread));
    check_golden("drift-none-unread.txt", report::render_drift_text(p, {}, {}));
    check_golden("drift-none-unread.md", report::render_drift_markdown(p, {}));
}
