// Golden files for what a daemon cycle shows: the JSON report file, the STATUS line, the status page and
// /status.json, the drift notification's body and the logfmt drift lines. Any byte that changes fails the
// test. Regenerate with `UPDATE_GOLDEN=1 build/bin/unit_daemon` and review the diff (tests/README.md).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../report/golden_strings.hpp"
#include "../report/support.hpp"
#include "daemon/cycle_report.hpp"
#include "daemon/drift_alert.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/status_page.hpp"
#include "plan/planner.hpp"
#include "report/json_text.hpp"

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
daemon::CycleReport enforce_report() {
    daemon::CycleReport r;
    r.number = 7;
    r.mode = daemon::Mode::enforce;
    r.reparsed = true;
    r.commit = "0123456789abcdef0123456789abcdef01234567";
    r.started_unix = 1795800000.75;
    r.duration_seconds = 1.234;

    daemon::SiteOutcome drifted;
    drifted.site = "marketing";
    drifted.listed = true;
    drifted.plan = daemon::without_in_sync(drifted_plan());
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

    daemon::SiteOutcome paused;
    paused.site = "paused";
    paused.suspended = true;
    paused.plan = plan::plan_site(marketing_site(),
                                  {wh("gitops-missing", "DatasourceRefreshFailed", "https://relay.example.com/m")}, {},
                                  plan::SiteContext{kSelf, "3.24"}, {});
    paused.plan.site = "paused";
    paused.plan.suspended = true;
    r.sites.push_back(std::move(paused));

    daemon::SiteOutcome unread;
    unread.site = kBidi;
    unread.error = "POST /api/3.24/auth/signin: 401001 " + kEraser;
    r.sites.push_back(std::move(unread));
    return r;
}

daemon::CycleReport observe_clean_report() {
    daemon::CycleReport r;
    r.number = 8;
    r.started_unix = 1795800300;
    r.duration_seconds = 0.05;
    daemon::SiteOutcome s;
    s.site = "marketing";
    s.listed = true;
    s.plan = plan::site_header(marketing_site(), {});
    r.sites.push_back(std::move(s));
    return r;
}

daemon::CycleReport invalid_manifests_report() {
    daemon::CycleReport r;
    r.number = 9;
    r.manifest_errors = {"a.yaml:3:5: unknown key \"evnt\"", "b.yaml:1:1: " + kEraser};
    r.started_unix = 1795800600;
    r.duration_seconds = 0.01;
    return r;
}

} // namespace

TEST_CASE("daemon: the cycle report file and the STATUS line match their golden files", "[daemon][golden]") {
    const auto r = enforce_report();
    check_golden("cycle-report.json", report::json_text(daemon::cycle_report_json(r), 2) + "\n");
    check_golden("cycle-report-invalid.json",
                 report::json_text(daemon::cycle_report_json(invalid_manifests_report()), 2) + "\n");
    std::string lines;
    for (const auto& c : {r, observe_clean_report(), invalid_manifests_report()})
        lines += daemon::status_line(c) + "\n";
    check_golden("cycle-status.txt", lines);
}

TEST_CASE("daemon: the status page and /status.json match their golden files", "[daemon][golden]") {
    daemon::StatusBoard empty;
    check_golden("status-page-empty.html", daemon::render_status_page(empty.snapshot()));
    daemon::StatusBoard board;
    board.record(daemon::cycle_report_json(enforce_report()), 1795800002);
    check_golden("status-page.html", daemon::render_status_page(board.snapshot(), 15));
    check_golden("status.json", report::json_text(board.snapshot(), 2) + "\n");
    // A later cycle that ran no test keeps the last tests shown; invalid manifests say so.
    board.record(daemon::cycle_report_json(invalid_manifests_report()), 1795800601);
    check_golden("status-page-invalid.html", daemon::render_status_page(board.snapshot()));
    board.record(daemon::cycle_report_json(observe_clean_report()), 1795800900);
    check_golden("status-page-observe.html", daemon::render_status_page(board.snapshot()));
    check_golden("status-observe.json", report::json_text(board.snapshot(), 2) + "\n");
}

TEST_CASE("daemon: the drift notification and the drift log lines match their golden files", "[daemon][golden]") {
    daemon::DriftAlerter alerter;
    const auto drift = alerter.observe(enforce_report());
    REQUIRE(drift);
    alerter.acknowledge();
    const auto cleared = alerter.observe(observe_clean_report());
    REQUIRE(cleared);
    check_golden("drift-alert.json", *drift + "\n" + *cleared + "\n");
    std::string lines;
    for (const auto& l : daemon::drift_log_lines(enforce_report().sites[0].plan)) lines += l + "\n";
    for (const auto& l : daemon::drift_log_lines(enforce_report().sites[1].plan)) lines += l + "\n";
    check_golden("drift-log.txt", lines);
}
