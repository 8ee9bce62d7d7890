// Switch Site: POST /api/{v}/auth/switchSite, and --switch-site unsupported.
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

namespace {
const Headers kJson{{"Accept", "application/json"}};

std::string switch_xml(const std::string& site) { return "<tsRequest><site contentUrl=\"" + site + "\"/></tsRequest>"; }

std::string code_of(const Reply& r) {
    if (r.header("content-type").find("json") != std::string::npos) return r.json()["error"]["code"];
    return find(*r.xml(), "error").attribute("code").value();
}

std::string site_id(Fake& f, const std::string& content_url) {
    const Json sites = f.control_get("/_fake/sites")["sites"]; // a copy: the reply is a temporary
    for (const auto& s : sites)
        if (s["contentUrl"] == content_url) return s["id"];
    FAIL("no site " << content_url);
    return "";
}
} // namespace

TEST_CASE("switchSite (XML) answers new credentials on the other site and ends the old session") {
    Fake f;
    const SignedIn marketing = f.admin("marketing");
    const Reply r = f.as(marketing, "POST", f.api("/auth/switchSite"), switch_xml(""));
    INFO(r.body);
    REQUIRE(r.status == 200);
    const auto doc = r.xml();
    const auto cred = find(*doc, "credentials");
    const SignedIn def{cred.attribute("token").value(), find(cred, "site").attribute("id").value(),
                       find(cred, "user").attribute("id").value()};
    CHECK(def.site_id == site_id(f, ""));
    CHECK(std::string(find(cred, "site").attribute("contentUrl").value()).empty());
    CHECK(def.user_id != marketing.user_id); // user ids are per site
    CHECK(def.token != marketing.token);
    CHECK(def.token.substr(def.token.rfind('|') + 1) == def.site_id);
    CHECK(std::string(cred.attribute("estimatedTimeToExpiration").value()).find(':') != std::string::npos);
    // The same user on the same site as a sign-in there would give.
    CHECK(f.as(def, "GET", f.hooks(def)).status == 200);
    const Reply old = f.as(marketing, "GET", f.hooks(marketing), "", true);
    CHECK(old.status == 401);
    CHECK(old.json()["error"]["code"] == "401002");
    const Json sessions = f.control_get("/_fake/sessions")["sessions"];
    REQUIRE(sessions.size() == 2);
    CHECK(sessions[0]["active"] == false);
    CHECK(sessions[0]["ended"] == "switched to another site");
    CHECK(sessions[1]["active"] == true);
    CHECK(sessions[1]["site"] == "");
    CHECK(sessions[1]["kind"] == "pat");
    CHECK(sessions[1]["pat"] == "tabhook-ci");
    CHECK(sessions[1]["user_id"] == def.user_id);
    // The request log shows the new session, on the site switched to; no sign-in.
    const Json log = f.control_get("/_fake/requests")["requests"];
    REQUIRE(log.size() == 4); // sign-in, switch, the two lists
    const Json& sw = log[1];
    CHECK(sw["path"] == "/api/3.24/auth/switchSite");
    CHECK(sw["session"] == 2);
    CHECK(sw["site"] == "");
    CHECK_FALSE(sw.contains("signin"));
}

TEST_CASE("switchSite (JSON) works both ways, and a PAT session stays one session") {
    Fake f;
    const SignedIn start = f.admin("");
    const Reply r = f.http().request("POST", f.api("/auth/switchSite"), R"({"site":{"contentUrl":"Marketing"}})",
                                     "application/json", {{"X-Tableau-Auth", start.token}, kJson[0]});
    INFO(r.body);
    REQUIRE(r.status == 200);
    const Json c = r.json()["credentials"];
    CHECK(c["site"]["contentUrl"] == "marketing"); // the site's own spelling
    CHECK(c["site"]["id"] == site_id(f, "marketing"));
    const SignedIn m{c["token"], c["site"]["id"], c["user"]["id"]};
    CHECK(f.as(m, "GET", f.hooks(m)).status == 200);
    // And back again.
    const Reply back = f.as(m, "POST", f.api("/auth/switchSite"), switch_xml(""));
    REQUIRE(back.status == 200);
    CHECK(std::string(find(*back.xml(), "site").attribute("id").value()) == start.site_id);
    int active = 0;
    const Json sessions = f.control_get("/_fake/sessions")["sessions"];
    for (const auto& s : sessions) active += s["active"] == true;
    CHECK(active == 1);
}

TEST_CASE("switchSite to the site already signed in to is 403070, and the session stays") {
    Fake f;
    const SignedIn s = f.admin("marketing");
    const Reply r = f.as(s, "POST", f.api("/auth/switchSite"), switch_xml("MARKETING"), true);
    CHECK(r.status == 403);
    CHECK(code_of(r) == "403070");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
}

TEST_CASE("switchSite to an unknown site, or one without an account, is 401001, and the session stays") {
    auto seed_text = R"({
      "sites": [{"contentUrl": ""}, {"contentUrl": "marketing"}, {"contentUrl": "finance"}],
      "users": [{"name": "admin", "personalAccessTokens": [{"name": "tabhook-ci", "secret": "tabhook-ci-secret"}],
                 "sites": [{"contentUrl": "", "siteRole": "SiteAdministratorCreator"},
                           {"contentUrl": "marketing", "siteRole": "SiteAdministratorCreator"}]}]
    })";
    std::string error;
    auto seed = fake::parse_seed(seed_text, error);
    INFO(error);
    REQUIRE(seed);
    Fake f({}, std::move(*seed));
    const SignedIn s = f.admin("marketing");
    for (const char* site : {"no-such-site", "finance"}) {
        INFO(site);
        const Reply r = f.as(s, "POST", f.api("/auth/switchSite"), switch_xml(site));
        CHECK(r.status == 401);
        CHECK(code_of(r) == "401001");
    }
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
}

TEST_CASE("switchSite needs a live token, a <site> and POST, and API 2.6") {
    Fake f;
    const SignedIn s = f.admin("marketing");
    const Reply none = f.http().request("POST", f.api("/auth/switchSite"), switch_xml(""), "application/xml");
    CHECK(none.status == 401);
    CHECK(code_of(none) == "401000");
    const Reply bad = f.http().request("POST", f.api("/auth/switchSite"), switch_xml(""), "application/xml",
                                       {{"X-Tableau-Auth", "not-a-token"}});
    CHECK(bad.status == 401);
    CHECK(code_of(bad) == "401002");
    for (const char* body : {"", "<tsRequest/>", "<tsRequest><site", R"({"site":"marketing"})"}) {
        INFO(body);
        const Reply r = f.as(s, "POST", f.api("/auth/switchSite"), body);
        CHECK(r.status == 400);
        CHECK(code_of(r) == "400000");
    }
    const Reply get = f.as(s, "GET", f.api("/auth/switchSite"));
    CHECK(get.status == 405);
    CHECK(code_of(get) == "405000");
    const Reply old = f.as(s, "POST", "/api/2.5/auth/switchSite", switch_xml(""));
    CHECK(old.status == 404);
    CHECK(code_of(old) == "404003");
    CHECK(f.as(s, "POST", "/api/2.6/auth/switchSite", switch_xml("")).status == 200);
}

TEST_CASE("switch-site unsupported answers 403069 as Tableau Cloud is assumed to, and keeps the session") {
    std::string msg;
    bool help = false;
    const char* argv[] = {"fake-tableau", "--switch-site", "unsupported"};
    const auto o = fake::parse_options(3, argv, msg, help);
    REQUIRE(o);
    CHECK(o->switch_site == fake::SwitchSite::unsupported);
    const char* wrong[] = {"fake-tableau", "--switch-site", "maybe"};
    CHECK_FALSE(fake::parse_options(3, wrong, msg, help));
    Fake f(*o);
    const SignedIn s = f.admin("marketing");
    const Reply r = f.as(s, "POST", f.api("/auth/switchSite"), switch_xml(""), true);
    CHECK(r.status == 403);
    CHECK(code_of(r) == "403069");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
    // A dead token is refused as dead first, as everywhere.
    const Reply dead = f.http().request("POST", f.api("/auth/switchSite"), switch_xml(""), "application/xml",
                                        {{"X-Tableau-Auth", "not-a-token"}});
    CHECK(code_of(dead) == "401002");
    // The fallback a client uses there, a sign-in per site, works.
    const SignedIn def = f.admin("");
    CHECK(f.as(def, "GET", f.hooks(def)).status == 200);
}
