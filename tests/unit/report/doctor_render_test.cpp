// `tabhook doctor`'s report: text with every server-supplied string escaped, and the JSON shape that
// `fake-tableau --profile FILE` loads ({"sites": [{"profile": {row: value}}]}).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/doctor_render.hpp"

using namespace tabhook::report;

namespace {

DoctorReport a_report() {
    DoctorReport r;
    DoctorSite s;
    s.site = "marketing";
    s.server = "https://tableau.example.com";
    s.content_url = "marketing";
    s.checks = {
        {"tls", CheckStatus::ok, "certificate verified: subject CN=tableau.example.com", ""},
        {"disabled \"evil\x1b[31m\"", CheckStatus::warn, "disabled: reason\nwith a newline", "fix the receiver"},
        {"site role", CheckStatus::fail, "Viewer: may not manage webhooks", "sign in as a site administrator"}};
    s.canary = true;
    s.canary_checks = {{"cleanup", CheckStatus::ok, "deleted 4 webhook(s)", ""}};
    s.profile = {{"duplicate-names", "refuse-409", "a second create answered 409"}, {"list-order", "unknown", ""}};
    r.sites.push_back(s);
    DoctorSite plain;
    plain.site = "staging";
    plain.server = "https://staging.example.com";
    plain.checks = {{"allowlist", CheckStatus::warn, "no server allowlist in force", "set TABHOOK_ALLOWED_SERVERS"}};
    r.sites.push_back(plain);
    return r;
}

} // namespace

TEST_CASE("doctor report: counts every check, canary steps included", "[doctor]") {
    const auto c = count_checks(a_report());
    CHECK(c.ok == 2);
    CHECK(c.warn == 2);
    CHECK(c.fail == 1);
}

TEST_CASE("doctor report: text has one section per site, each check with its fix, escaped", "[doctor]") {
    const std::string text = render_doctor_text(a_report());
    CHECK(text.find("site marketing (https://tableau.example.com, contentUrl \"marketing\")\n") != std::string::npos);
    CHECK(text.find(
              "  fail  site role: Viewer: may not manage webhooks\n        fix: sign in as a site administrator\n") !=
          std::string::npos);
    CHECK(text.find("  ok    tls: certificate verified") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("reason\\nwith a newline") != std::string::npos);
    CHECK(text.find("    duplicate-names   refuse-409  (a second create answered 409)\n") != std::string::npos);
    CHECK(text.find("site staging") != std::string::npos);
    CHECK(text.find("server profile") < text.find("site staging")); // only the canary site has one
    CHECK(text.ends_with("2 ok, 2 warn, 1 fail\n"));
}

TEST_CASE("doctor report: JSON has sites[].profile as {row: value}, evidence apart", "[doctor]") {
    const auto doc = nlohmann::json::parse(render_doctor_json(a_report()));
    REQUIRE(doc["sites"].size() == 2);
    const auto& s = doc["sites"][0];
    CHECK(s["site"] == "marketing");
    CHECK(s["canary"] == true);
    CHECK(s["profile"] == nlohmann::json({{"duplicate-names", "refuse-409"}, {"list-order", "unknown"}}));
    CHECK(s["profile_evidence"]["duplicate-names"] == "a second create answered 409");
    CHECK(s["checks"][1]["status"] == "warn");
    CHECK(s["checks"][1]["message"] == "disabled: reason\nwith a newline"); // JSON carries the exact text
    CHECK(s["checks"][2]["fix"] == "sign in as a site administrator");
    CHECK(!doc["sites"][1].contains("profile"));
    CHECK(doc["summary"] == nlohmann::json({{"ok", 2}, {"warn", 2}, {"fail", 1}}));
}
