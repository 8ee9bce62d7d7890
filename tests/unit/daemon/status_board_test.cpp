#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "daemon/status_board.hpp"
#include "util/escape.hpp"

using namespace tabhook;
using namespace tabhook::daemon;

namespace {

plan::TestOutcome test(std::string name, std::optional<int> status, std::string body) {
    plan::TestOutcome t;
    t.name = std::move(name);
    t.status = status;
    t.body = std::move(body);
    return t;
}

report::CycleReport cycle(std::uint64_t number, std::vector<plan::TestOutcome> tests) {
    report::CycleReport r;
    r.number = number;
    r.mode = report::Mode::enforce;
    r.commit = "abc123";
    r.started_unix = 1795800000;
    r.duration_seconds = 0.5;
    report::SiteOutcome s;
    s.site = "marketing";
    s.listed = true;
    s.plan.site = "marketing";
    s.plan.server = "https://t.example.com";
    plan::Change c;
    c.action = plan::Action::replace;
    c.name = "gitops-<a>";
    c.reasons = {"url changed"};
    c.drift = {plan::Drift::changed};
    s.plan.changes.push_back(c);
    s.applied = plan::SiteResult{};
    s.applied->tests = std::move(tests);
    r.sites.push_back(std::move(s));
    return r;
}

} // namespace

TEST_CASE("status page: escapes what it shows", "[daemon]") {
    CHECK(util::html_escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
    StatusBoard board;
    board.record(cycle(1, {}), 1795800000);
    const std::string page = report::render_status_page(board.snapshot(), 7);
    CHECK(page.find("gitops-&lt;a&gt;") != std::string::npos);
    CHECK(page.find("gitops-<a>") == std::string::npos);
    CHECK(page.find("content=\"7\"") != std::string::npos);
    CHECK(page.find("<code>abc123</code>") != std::string::npos);
}

TEST_CASE("status page: receiver tests stay shown after cycles that ran none", "[daemon]") {
    StatusBoard board;
    board.record(cycle(1, {test("gitops-a", 500, "<down>"), test("gitops-b", std::nullopt, "ok")}), 1795800000);
    board.record(cycle(2, {}), 1795800060);
    const auto snap = board.snapshot();
    REQUIRE(snap.cycle);
    CHECK(snap.cycle->number == 2);
    CHECK(snap.tests.at("marketing").at("gitops-a").status == 500);
    CHECK(snap.tests.at("marketing").at("gitops-a").at == 1795800000);
    const std::string page = report::render_status_page(snap);
    CHECK(page.find("<td><code>gitops-a</code></td><td>Tableau&#39;s test reported 500: &lt;down&gt;</td><td "
                    "class=\"bad\">failed</td>") != std::string::npos);
    CHECK_FALSE(snap.tests.at("marketing").at("gitops-b").status);
    CHECK(page.find("<td><code>gitops-b</code></td><td>Tableau&#39;s test reported no HTTP status: ok</td>") !=
          std::string::npos);
    const auto json = report::status_json(snap);
    CHECK(json["cycle"]["cycle"]["number"] == 2);
    CHECK(json["tests"]["marketing"]["gitops-a"]["status"] == 500);
    CHECK(json["tests"]["marketing"]["gitops-b"]["status"].is_null());
    // A test recorded without an answer shows the status.
    report::StatusSnapshot old;
    old.cycle = snap.cycle;
    old.tests["marketing"]["gitops-c"] = report::ReceiverTestSeen{503, "", false, 1795800000};
    CHECK(report::render_status_page(old).find("<td><code>gitops-c</code></td><td>503</td>") != std::string::npos);
}

TEST_CASE("status page: before the first cycle it says so", "[daemon]") {
    StatusBoard board;
    CHECK(report::render_status_page(board.snapshot()).find("The first cycle has not completed yet.") !=
          std::string::npos);
    CHECK(report::status_json(board.snapshot())["cycle"].is_null());
}
