// Golden files for what a daemon cycle shows: the JSON report file, the STATUS line, the status page and
// /status.json, the drift notification's body and the logfmt drift lines. Any byte that changes fails the
// test. Regenerate with `UPDATE_GOLDEN=1 build/bin/unit_report` and review the diff (tests/README.md).
// The cycle holds every kind of site (repaired with failures, suspended, unread) and text a server chose.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "golden_strings.hpp"
#include "plan/planner.hpp"
#include "report/cycle_report.hpp"
#include "report/drift_alert.hpp"
#include "report/json_text.hpp"
#include "report/logfmt.hpp"
#include "report/status_page.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::golden;

namespace {

const std::string kSelf = "user-self";

// A drifted site: missing, changed, disabled on the server (a hostile reason), unmanaged (hostile names).
plan::SitePlan drifted_plan() {
    const std::vector<model::Webhook> declared{
        wh("gitops-missing", "DatasourceRefreshFailed", "https://relay.example.com/missing"),
        wh("gitops-moved", "WorkbookCreated", "https://relay.example.com/v2"),
        wh("gitops-off", "WorkbookRefreshFailed", "https://relay.example.com/off"),
    };
    const model::LiveWebhooks l{
        live("11111111-aaaa", "gitops-moved", "DatasourceCreated", "https://relay.example.com/v1", true, "", kSelf,
             "admin"),
        live("22222222-bbbb", "gitops-off", "WorkbookRefreshFailed", "https://relay.example.com/off", false, kReason,
             kSelf, "admin"),
        live("66666666-0000", kMarkup, "WorkbookCreated", "https://other.example.com/x?token=SENTINEL-url-secret-7f3e",
             true, "", "user-mallory", kEraser),
    };
    return plan::plan_site(marketing_site(), declared, l, plan::SiteContext{kSelf, "3.24"}, {});
}

plan::TestOutcome test(std::string name, std::optional<int> status, bool passed, std::string body) {
    plan::TestOutcome t;
    t.name = std::move(name);
    t.id = "id-" + t.name;
    t.status = status;
    t.passed = passed;
    t.attempts = 1;
    t.body = std::move(body);
    return t;
}

// Enforce mode: one site repaired (a failed operation, a failed required test, a suppressed re-enable),
// one suspended site, one that could not be read.
report::CycleReport enforce_report() {
    report::CycleReport r;
    r.number = 7;
    r.mode = report::Mode::enforce;
    r.reparsed = true;
    r.commit = "0123456789abcdef0123456789abcdef01234567";
    r.started_unix = 1795800000.75;
    r.duration_seconds = 1.234;

    report::SiteOutcome drifted;
    drifted.site = "marketing";
    drifted.listed = true;
    drifted.plan = report::without_in_sync(drifted_plan());
    plan::SiteResult applied;
    applied.site = "marketing";
    for (const auto& c : drifted.plan.changes) {
        if (c.action == plan::Action::reenable) {
            drifted.suppressed.push_back(c);
            continue;
        }
        plan::Outcome o;
        o.change = c;
        o.status = c.name == "gitops-moved" ? plan::Outcome::Status::failed : plan::Outcome::Status::done;
        o.new_id = o.status == plan::Outcome::Status::done ? "new-" + c.name : "";
        o.error = o.status == plan::Outcome::Status::failed ? "HTTP 500 " + kEraser : "";
        applied.outcomes.push_back(std::move(o));
    }
    applied.tests.push_back(test("gitops-missing", 200, true, "ok"));
    applied.tests.push_back(test(kMarkup, std::nullopt, false, kRepaired));
    applied.tests.push_back(test("gitops-moved", 503, false, ""));
    drifted.applied = std::move(applied);
    r.sites.push_back(std::move(drifted));

    report::SiteOutcome paused;
    paused.site = "paused";
    paused.suspended = true;
    paused.plan = plan::plan_site(marketing_site(),
                                  {wh("gitops-missing", "DatasourceRefreshFailed", "https://relay.example.com/m")}, {},
                                  plan::SiteContext{kSelf, "3.24"}, {});
    paused.plan.site = "paused";
    paused.plan.suspended = true;
    r.sites.push_back(std::move(paused));

    report::SiteOutcome unread;
    unread.site = kBidi;
    unread.error = "POST /api/3.24/auth/signin: 401001 " + kEraser;
    r.sites.push_back(std::move(unread));
    return r;
}

report::CycleReport observe_clean_report() {
    report::CycleReport r;
    r.number = 8;
    r.started_unix = 1795800300;
    r.duration_seconds = 0.05;
    report::SiteOutcome s;
    s.site = "marketing";
    s.listed = true;
    s.plan = plan::site_header(marketing_site(), {});
    r.sites.push_back(std::move(s));
    return r;
}

report::CycleReport invalid_manifests_report() {
    report::CycleReport r;
    r.number = 9;
    r.manifest_errors = {"a.yaml:3:5: unknown key \"evnt\"", "b.yaml:1:1: " + kEraser};
    r.started_unix = 1795800600;
    r.duration_seconds = 0.01;
    return r;
}

} // namespace

TEST_CASE("report: the cycle report file and the STATUS line match their golden files", "[report][cycle][golden]") {
    const auto r = enforce_report();
    check_golden("cycle-report.json", report::json_text(report::cycle_report_json(r), 2) + "\n");
    check_golden("cycle-report-invalid.json",
                 report::json_text(report::cycle_report_json(invalid_manifests_report()), 2) + "\n");
    std::string lines;
    for (const auto& c : {r, observe_clean_report(), invalid_manifests_report()})
        lines += report::status_line(c) + "\n";
    check_golden("cycle-status.txt", lines);
}

TEST_CASE("report: the status page and /status.json match their golden files", "[report][status][golden]") {
    check_golden("status-page-empty.html", report::render_status_page({}));
    report::StatusSnapshot snap;
    const auto record = [&snap](const report::CycleReport& r, std::int64_t now) {
        snap.cycle = std::make_shared<const report::CycleReport>(r);
        report::record_tests(snap.tests, r, now);
    };
    record(enforce_report(), 1795800002);
    check_golden("status-page.html", report::render_status_page(snap, 15));
    check_golden("status.json", report::json_text(report::status_json(snap), 2) + "\n");
    // A later cycle that ran no test keeps the last tests shown; invalid manifests say so.
    record(invalid_manifests_report(), 1795800601);
    check_golden("status-page-invalid.html", report::render_status_page(snap));
    record(observe_clean_report(), 1795800900);
    check_golden("status-page-observe.html", report::render_status_page(snap));
    check_golden("status-observe.json", report::json_text(report::status_json(snap), 2) + "\n");
}

TEST_CASE("report: the drift notification and the drift log lines match their golden files",
          "[report][drift][golden]") {
    const auto drifted = enforce_report();
    const auto found = report::drift_findings(drifted, {});
    const auto clean = observe_clean_report();
    const auto cleared = report::drift_findings(clean, found);
    REQUIRE(cleared.empty());
    check_golden("drift-alert.json", report::drift_alert_body(found, {}, drifted) + "\n" +
                                         report::drift_alert_body(cleared, found, clean) + "\n");
    std::string lines;
    for (const auto& l : report::drift_log_lines(drifted.sites[0].plan)) lines += l + "\n";
    for (const auto& l : report::drift_log_lines(drifted.sites[1].plan)) lines += l + "\n";
    check_golden("drift-log.txt", lines);
}

TEST_CASE("report: a site that could not be read keeps its drift findings", "[report][drift]") {
    auto r = enforce_report();
    const auto before = report::drift_findings(r, {});
    r.sites[0].listed = false;
    r.sites[0].error = "list failed";
    CHECK(report::drift_findings(r, before) == before);
    CHECK(report::drift_findings(r, {}).empty());
}
