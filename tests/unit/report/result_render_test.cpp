#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "report/result_render.hpp"

using namespace tabhook;

namespace {

plan::TestOutcome test_outcome(std::string name, bool passed, model::TestPolicy policy) {
    return plan::TestOutcome{std::move(name),
                             "id-" + std::to_string(passed),
                             "https://relay.example.com/…#1a5d1803",
                             policy,
                             passed ? 200 : 500,
                             1,
                             passed,
                             "",
                             "",
                             passed ? "ok" : "down"};
}

plan::Result test_result(int passed, int failed_required, int failed_best_effort) {
    plan::Result r;
    r.command = plan::Result::Command::test;
    plan::SiteResult s;
    s.site = "marketing";
    for (int i = 0; i < passed; ++i) s.tests.push_back(test_outcome("ok", true, model::TestPolicy::required));
    for (int i = 0; i < failed_required; ++i)
        s.tests.push_back(test_outcome("bad", false, model::TestPolicy::required));
    for (int i = 0; i < failed_best_effort; ++i)
        s.tests.push_back(test_outcome("meh", false, model::TestPolicy::best_effort));
    r.sites.push_back(s);
    return r;
}

} // namespace

TEST_CASE("report: the test summary says how many receivers answered and how many failures count", "[report][result]") {
    CHECK(report::result_summary(test_result(14, 0, 0)) ==
          "Receiver tests: 14 receivers reported 2xx by Tableau's test, 0 failed (0 of them required).");
    CHECK(report::result_summary(test_result(1, 1, 2)) ==
          "Receiver tests: 1 receiver reported 2xx by Tableau's test, 3 failed (1 of them required).");
    CHECK(report::render_result_text(test_result(2, 0, 1), {})
              .ends_with(
                  "\nReceiver tests: 2 receivers reported 2xx by Tableau's test, 1 failed (0 of them required).\n"));
    CHECK(report::render_result_markdown(test_result(2, 0, 1))
              .ends_with(
                  "\nReceiver tests: 2 receivers reported 2xx by Tableau's test, 1 failed (0 of them required).\n"));
}

TEST_CASE("report: the apply summary counts operations and receivers", "[report][result]") {
    auto r = test_result(2, 1, 0);
    r.command = plan::Result::Command::apply;
    plan::Outcome done, failed;
    done.status = plan::Outcome::Status::done;
    failed.status = plan::Outcome::Status::failed;
    r.sites[0].outcomes = {done, done, failed};
    CHECK(report::result_summary(r) == "Apply: 2 done, 1 failed, 0 skipped; 2 receivers reported 2xx by Tableau's "
                                       "test, 1 failed (1 of them required).");
}

TEST_CASE("report: a site that could not be read is counted in the summary, never passed over", "[report][result]") {
    auto r = test_result(1, 0, 0);
    plan::SiteResult broken;
    broken.site = "broken";
    broken.error = "POST /api/3.24/auth/signin: 401001";
    r.sites.push_back(broken);
    CHECK(report::result_summary(r) ==
          "Receiver tests: 1 receiver reported 2xx by Tableau's test, 0 failed (0 of them required). 1 "
          "site(s) could not be read: nothing was tested there.");
    CHECK(report::render_result_markdown(r).find("**1 site(s) could not be read.**") != std::string::npos);
    CHECK(nlohmann::json::parse(report::render_result_json(r))["summary"]["unread_sites"] == 1);
    r.command = plan::Result::Command::apply;
    CHECK(report::result_summary(r).ends_with(" 1 site(s) could not be read: nothing was done there."));
}

TEST_CASE("report: a test of a live webhook whose URL differs from the manifest says so", "[report][result]") {
    auto r = test_result(1, 0, 0);
    r.sites[0].tests[0].url = "https://old.example.com/…#11111111";
    r.sites[0].tests[0].declared_url = "https://relay.example.com/…#22222222";
    const std::string text = report::render_result_text(r, {});
    CHECK(
        text.find(
            "    ok  https://old.example.com/…#11111111  Tableau's test reported 200: ok  ok\n      # tested the live "
            "webhook's URL; the manifest declares https://relay.example.com/…#22222222: run apply\n") !=
        std::string::npos);
    // In markdown an invisible break keeps GitHub from making a link of it (util::markdown_inline).
    CHECK(report::render_result_markdown(r).find(
              "the manifest declares https:&#8203;//relay.example.com/…#&#8203;22222222: run apply") !=
          std::string::npos);
    const auto doc = nlohmann::json::parse(report::render_result_json(r));
    CHECK(doc["sites"][0]["tests"][0]["url"] == "https://old.example.com/…#11111111");
    CHECK(doc["sites"][0]["tests"][0]["declared_url"] == "https://relay.example.com/…#22222222");
    r.sites[0].tests[0].declared_url.clear();
    CHECK(report::render_result_text(r, {}).find("run apply") == std::string::npos);
    CHECK(nlohmann::json::parse(report::render_result_json(r))["sites"][0]["tests"][0]["declared_url"].is_null());
}

// Tableau, not tabhook, talks to the receiver: every renderer says what Tableau's test reported, with or
// without a status, and a 200 carrying status 404 ("agent not found") is a failure the user sees.
TEST_CASE("report: test results say what Tableau's test reported, never what the receiver answered",
          "[report][result]") {
    auto r = test_result(0, 0, 0);
    auto agent = test_outcome("agent", false, model::TestPolicy::required);
    agent.status = 404;
    agent.body = "agent not found";
    auto silent = test_outcome("silent", false, model::TestPolicy::required);
    silent.status.reset();
    silent.body = "accepted";
    r.sites[0].tests = {agent, silent};
    CHECK(report::test_answer(agent) == "Tableau's test reported 404: agent not found");
    CHECK(report::test_answer(silent) == "Tableau's test reported no HTTP status: accepted");
    auto empty = silent;
    empty.body.clear();
    CHECK(report::test_answer(empty) == "Tableau's test reported no HTTP status: (empty body)");
    auto call_failed = silent;
    call_failed.error = "GET /api/3.24/sites/…/test: HTTP 500";
    CHECK(report::test_answer(call_failed) == call_failed.error);

    const std::string text = report::render_result_text(r, {});
    CHECK(text.find("agent  https://relay.example.com/…#1a5d1803  Tableau's test reported 404: agent not found  "
                    "FAILED (required)") != std::string::npos);
    CHECK(text.find("silent  https://relay.example.com/…#1a5d1803  Tableau's test reported no HTTP status: accepted  "
                    "FAILED (required)") != std::string::npos);
    const std::string md = report::render_result_markdown(r);
    CHECK(md.find("FAILED (required): Tableau's test reported 404: agent not found") != std::string::npos);
    CHECK(md.find("Tableau's test reported no HTTP status: accepted") != std::string::npos);
    CHECK(md.find("2 required receiver test(s) failed") != std::string::npos);
    const auto doc = nlohmann::json::parse(report::render_result_json(r));
    CHECK(doc["sites"][0]["tests"][0]["status"] == 404);
    CHECK(doc["sites"][0]["tests"][0]["body"] == "agent not found");
    CHECK(doc["sites"][0]["tests"][1]["status"].is_null());
    CHECK(doc["summary"]["required_tests_failed"] == 2);
    for (const auto& out : {text, md, report::render_result_json(r)})
        CHECK(out.find("receiver answered") == std::string::npos);
}

TEST_CASE("report: after the live lines, text repeats no success: a run that went well is its summary alone",
          "[report][result]") {
    auto r = test_result(3, 0, 0);
    r.command = plan::Result::Command::apply;
    plan::Outcome done;
    done.change.action = plan::Action::create;
    done.change.name = "gitops-new";
    done.status = plan::Outcome::Status::done;
    done.new_id = "id-new";
    r.sites[0].outcomes = {done};
    const std::string summary = "Apply: 1 done, 0 failed, 0 skipped; 3 receivers reported 2xx by Tableau's test, 0 "
                                "failed (0 of them required).\n";
    CHECK(report::render_result_text(r, {false, true}) == "\n" + summary);
    // Without the live lines, every outcome and test is listed.
    const std::string full = report::render_result_text(r, {});
    CHECK(full.find("gitops-new  created (id id-new)") != std::string::npos);
    CHECK(full.find("receiver tests:") != std::string::npos);
    // A failure is shown again at the end, under its site.
    r.sites[0].tests.push_back(test_outcome("bad", false, model::TestPolicy::required));
    const std::string after = report::render_result_text(r, {false, true});
    CHECK(after.find("site marketing\n  receiver tests:\n    bad  ") != std::string::npos);
    CHECK(after.find("gitops-new") == std::string::npos);
    CHECK(after.find("    ok  ") == std::string::npos);
}
