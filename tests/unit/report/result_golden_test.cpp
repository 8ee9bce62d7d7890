// Golden files for the renderers of apply's and test's results (text, text in colour, JSON, markdown): any
// byte that changes fails the test. Regenerate with `UPDATE_GOLDEN=1 build/bin/unit_report` and review the
// diff (tests/README.md). The results hold every kind of line the renderers print, and text a server chose
// (terminal escapes, markdown and HTML metacharacters, invalid UTF-8 as the decoders repair it).
#include <catch2/catch.hpp>

#include <string>

#include "golden_strings.hpp"
#include "report/result_render.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::golden;

namespace {

model::LiveWebhook live(std::string id, std::string name) {
    model::LiveWebhook l;
    l.id = std::move(id);
    l.name = std::move(name);
    l.event = model::Event("WorkbookCreated");
    l.url = "https://relay.example.com/…#0badc0de";
    l.owner_id = "user-self";
    l.owner_name = "admin";
    return l;
}

plan::Outcome outcome(plan::Action action, std::string name, plan::Outcome::Status status) {
    plan::Outcome o;
    o.change.action = action;
    o.change.name = std::move(name);
    o.status = status;
    return o;
}

plan::TestOutcome test(std::string name, std::optional<int> status, bool passed, model::TestPolicy policy,
                       std::string body) {
    plan::TestOutcome t;
    t.name = std::move(name);
    t.id = "id-" + t.name.substr(0, 8);
    t.url = "https://relay.example.com/…#1a5d1803";
    t.policy = policy;
    t.status = status;
    t.attempts = 1;
    t.passed = passed;
    t.body = std::move(body);
    return t;
}

// A site with every outcome and every kind of receiver test.
plan::SiteResult marketing() {
    using S = plan::Outcome::Status;
    plan::SiteResult s;
    s.site = "marketing";
    auto created = outcome(plan::Action::create, "gitops-new", S::done);
    created.new_id = "aaaaaaaa-0001";
    auto replaced = outcome(plan::Action::replace, "gitops-moved", S::done);
    replaced.change.live = live("bbbbbbbb-0002", "gitops-moved");
    replaced.new_id = "bbbbbbbb-0003";
    replaced.notes = {"the response was lost; adopted the webhook that was created"};
    auto updated = outcome(plan::Action::update, "gitops-in-place", S::done);
    updated.change.live = live("cccccccc-0004", "gitops-in-place");
    auto reenabled = outcome(plan::Action::reenable, "gitops-off", S::failed);
    reenabled.change.live = live("dddddddd-0005", "gitops-off");
    reenabled.error = "PUT /api/3.24/sites/…/webhooks/dddddddd-0005: 400: " + kReason;
    auto hostile = outcome(plan::Action::remove, kEraser, S::done);
    hostile.change.live = live("eeeeeeee-0006\n+ create", kEraser);
    hostile.notes = {kReason, kRepaired};
    auto markup = outcome(plan::Action::remove, kMarkup, S::failed);
    markup.change.live = live("ffffffff-0007", kMarkup);
    markup.error = "DELETE: 500 " + kMarkup;
    s.outcomes = {created, replaced, updated, reenabled, hostile, markup};

    using P = model::TestPolicy;
    auto retried = test("gitops-new", 200, true, P::required, "ok");
    retried.attempts = 3;
    auto moved = test("gitops-moved", 204, true, P::best_effort, "");
    moved.url = "https://old.example.com/…#11111111";
    moved.declared_url = "https://relay.example.com/…#22222222";
    auto call_failed = test("gitops-in-place", std::nullopt, false, P::required, "");
    call_failed.error = "POST /api/3.24/sites/…/webhooks/cccccccc-0004/test: HTTP 500 " + kEraser;
    s.tests = {retried,
               moved,
               call_failed,
               test("gitops-agent", 404, false, P::required, "agent not found"),
               test("gitops-silent", std::nullopt, false, P::best_effort, "accepted"),
               test(kBidi, 500, false, P::best_effort, kReason),
               test(kMarkup, 400, false, P::required, kRepaired)};
    return s;
}

plan::Result apply_result() {
    plan::Result r;
    r.command = plan::Result::Command::apply;
    r.sites.push_back(marketing());
    plan::SiteResult suspended;
    suspended.site = "paused";
    suspended.suspended = true;
    r.sites.push_back(suspended);
    plan::SiteResult refused;
    refused.site = "finance";
    refused.refused = true;
    r.sites.push_back(refused);
    plan::SiteResult interrupted;
    interrupted.site = "sales";
    interrupted.interrupted = true;
    interrupted.outcomes = {outcome(plan::Action::create, "gitops-a", plan::Outcome::Status::done),
                            outcome(plan::Action::create, "gitops-b", plan::Outcome::Status::skipped)};
    r.sites.push_back(interrupted);
    plan::SiteResult broken;
    broken.site = kTicks;
    broken.error = "POST /api/3.24/auth/signin: 401001 " + kEraser;
    r.sites.push_back(broken);
    return r;
}

// `tabhook test`: receiver tests only, one of them without a status (Tableau reported none).
plan::Result test_result() {
    plan::Result r;
    r.command = plan::Result::Command::test;
    plan::SiteResult s = marketing();
    s.outcomes.clear();
    r.sites.push_back(s);
    return r;
}

} // namespace

TEST_CASE("report: apply results match their golden files", "[report][result][golden]") {
    const auto r = apply_result();
    check_golden("result-apply.txt", report::render_result_text(r, {}));
    check_golden("result-apply.color.txt", report::render_result_text(r, {true}));
    check_golden("result-apply.after-live.txt", report::render_result_text(r, {false, true}));
    check_golden("result-apply.json", report::render_result_json(r));
    check_golden("result-apply.md", report::render_result_markdown(r));
}

TEST_CASE("report: test results, one without a status, match their golden files", "[report][result][golden]") {
    const auto r = test_result();
    REQUIRE_FALSE(r.sites[0].tests[2].status.has_value());
    REQUIRE_FALSE(r.sites[0].tests[4].status.has_value());
    check_golden("result-test.txt", report::render_result_text(r, {}));
    check_golden("result-test.color.txt", report::render_result_text(r, {true}));
    check_golden("result-test.after-live.txt", report::render_result_text(r, {false, true}));
    check_golden("result-test.json", report::render_result_json(r));
    check_golden("result-test.md", report::render_result_markdown(r));
}
