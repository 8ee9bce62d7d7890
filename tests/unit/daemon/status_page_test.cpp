#include <catch2/catch.hpp>

#include "daemon/status_page.hpp"

using namespace tabhook::daemon;
using nlohmann::json;

namespace {

json report(int number, json tests) {
    return json{{"drift", 1},
                {"commit", "abc123"},
                {"sites", json::array({json{{"site", "marketing"},
                                            {"server", "https://t.example.com"},
                                            {"in_sync", false},
                                            {"findings", json::array({json{{"name", "gitops-<a>"},
                                                                           {"classes", json::array({"changed"})},
                                                                           {"reasons", json::array({"url changed"})},
                                                                           {"repair", "replace"}}})},
                                            {"unmanaged", json::array()}}})},
                {"cycle", json{{"number", number},
                               {"mode", "enforce"},
                               {"started_at", 1795800000},
                               {"duration_seconds", 0.5},
                               {"ok", true},
                               {"enforce", json::array({json{{"site", "marketing"}, {"tests", std::move(tests)}}})}}}};
}

} // namespace

TEST_CASE("status page: escapes what it shows", "[daemon]") {
    CHECK(html_escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
    StatusBoard board;
    board.record(report(1, json::array()), 1795800000);
    const std::string page = render_status_page(board.snapshot(), 7);
    CHECK(page.find("gitops-&lt;a&gt;") != std::string::npos);
    CHECK(page.find("gitops-<a>") == std::string::npos);
    CHECK(page.find("content=\"7\"") != std::string::npos);
    CHECK(page.find("<code>abc123</code>") != std::string::npos);
}

TEST_CASE("status page: receiver tests stay shown after cycles that ran none", "[daemon]") {
    StatusBoard board;
    board.record(report(1, json::array({json{{"name", "gitops-a"},
                                             {"status", 500},
                                             {"answer", "Tableau's test reported 500: <down>"},
                                             {"passed", false}},
                                        json{{"name", "gitops-b"},
                                             {"status", nullptr},
                                             {"answer", "Tableau's test reported no HTTP status: ok"},
                                             {"passed", false}}})),
                 1795800000);
    board.record(report(2, json::array()), 1795800060);
    const auto snap = board.snapshot();
    CHECK(snap["cycle"]["cycle"]["number"] == 2);
    CHECK(snap["tests"]["marketing"]["gitops-a"]["status"] == 500);
    CHECK(snap["tests"]["marketing"]["gitops-a"]["at"] == 1795800000);
    const std::string page = render_status_page(snap);
    CHECK(page.find("<td><code>gitops-a</code></td><td>Tableau&#39;s test reported 500: &lt;down&gt;</td><td "
                    "class=\"bad\">failed</td>") != std::string::npos);
    CHECK(snap["tests"]["marketing"]["gitops-b"]["status"].is_null());
    CHECK(page.find("<td><code>gitops-b</code></td><td>Tableau&#39;s test reported no HTTP status: ok</td>") !=
          std::string::npos);
    // A report from before answers were recorded shows the status.
    StatusBoard old;
    old.record(report(1, json::array({json{{"name", "gitops-c"}, {"status", 503}, {"passed", false}}})), 1795800000);
    CHECK(render_status_page(old.snapshot()).find("<td><code>gitops-c</code></td><td>503</td>") != std::string::npos);
}

TEST_CASE("status page: before the first cycle it says so", "[daemon]") {
    StatusBoard board;
    CHECK(render_status_page(board.snapshot()).find("The first cycle has not completed yet.") != std::string::npos);
}
