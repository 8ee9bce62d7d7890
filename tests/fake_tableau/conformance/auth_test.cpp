// Server info, sign-in/out, tokens and sessions.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace conformance;

namespace {
const Headers kJson{{"Accept", "application/json"}};

std::string pat_body(const std::string& name, const std::string& secret, const std::string& site) {
    return "<tsRequest><credentials personalAccessTokenName=\"" + name + "\" personalAccessTokenSecret=\"" + secret +
           "\"><site contentUrl=\"" + site + "\"/></credentials></tsRequest>";
}
} // namespace

TEST_CASE("serverinfo answers without a token, in XML and JSON, at /serverinfo and /serverInfo") {
    Fake f;
    const Reply xml = f.http().get("/api/3.24/serverinfo");
    REQUIRE(xml.status == 200);
    CHECK(xml.header("content-type").find("application/xml") == 0);
    const auto doc = xml.xml();
    CHECK(std::string(doc->document_element().attribute("xmlns").value()) == "http://tableau.com/api");
    CHECK(std::string(find(*doc, "restApiVersion").text().get()) == "3.24");
    CHECK(!std::string(find(*doc, "productVersion").attribute("build").value()).empty());

    const Reply json = f.http().get("/api/2.4/serverInfo", kJson);
    REQUIRE(json.status == 200);
    CHECK(json.header("content-type").find("application/json") == 0);
    const Json j = json.json();
    CHECK(j["serverInfo"]["restApiVersion"] == "3.24");
    CHECK(j["serverInfo"]["productVersion"]["value"].is_string());
    CHECK(j["serverInfo"]["productVersion"]["build"].is_string());
}

TEST_CASE("serverinfo follows --api-version, and is unknown below 2.4 or above the server's version") {
    fake::Options o;
    o.api_version = "3.10";
    Fake f(o);
    CHECK(std::string(find(*f.http().get("/api/3.10/serverinfo").xml(), "restApiVersion").text().get()) == "3.10");
    for (const char* path :
         {"/api/2.3/serverinfo", "/api/3.11/serverinfo", "/api/3.24/serverinfo", "/api/exp/serverinfo"}) {
        const Reply r = f.http().get(path);
        INFO(path);
        CHECK(r.status == 404);
        CHECK(std::string(find(*r.xml(), "error").attribute("code").value()) == "404003");
    }
    const Reply j = f.http().get("/api/3.11/serverinfo", kJson);
    CHECK(j.json()["error"]["code"] == "404003"); // the JSON code is a string
}

TEST_CASE("password sign-in (XML) returns a token, the site id and the user id") {
    Fake f;
    const Reply r = f.http().request("POST", "/api/3.24/auth/signin",
                                     "<tsRequest><credentials name=\"admin\" password=\"admin-password\"><site "
                                     "contentUrl=\"marketing\"/></credentials></tsRequest>",
                                     "text/xml");
    REQUIRE(r.status == 200);
    const auto doc = r.xml();
    const auto cred = find(*doc, "credentials");
    const std::string token = cred.attribute("token").value();
    CHECK(std::count(token.begin(), token.end(), '|') == 2); // <22>|<32>|<site-luid> like real tokens
    CHECK(std::string(cred.attribute("estimatedTimeToExpiration").value()).find(':') != std::string::npos);
    const std::string site_id = find(cred, "site").attribute("id").value();
    CHECK(std::string(find(cred, "site").attribute("contentUrl").value()) == "marketing");
    CHECK(token.substr(token.rfind('|') + 1) == site_id);
    CHECK(std::string(find(cred, "user").attribute("id").value()).size() == 36);
    // The site id is the one the control API knows for "marketing".
    bool found = false;
    const Json sites = f.control_get("/_fake/sites")["sites"];
    for (const auto& s : sites)
        if (s["contentUrl"] == "marketing") found = s["id"] == site_id;
    CHECK(found);
}

TEST_CASE("sign-in matches the contentUrl case-insensitively: one site, whatever the spelling") {
    Fake f;
    const SignedIn lower = f.sign_in_password("marketing", "admin", "admin-password");
    // Two spellings in two manifests reach the same site, so the same webhooks.
    CHECK(f.sign_in_password("MarKeting", "admin", "admin-password").site_id == lower.site_id);
    CHECK(f.sign_in_password("MARKETING", "admin", "admin-password").site_id == lower.site_id);
    CHECK(f.sign_in_password("", "admin", "admin-password").site_id != lower.site_id);
}

TEST_CASE("PAT sign-in (JSON) on the default site, user ids are per site") {
    Fake f;
    const Reply r = f.http().request(
        "POST", "/api/3.24/auth/signin",
        R"({"credentials":{"personalAccessTokenName":"alice-pat","personalAccessTokenSecret":"alice-pat-secret","site":{"contentUrl":""}}})",
        "application/json", kJson);
    REQUIRE(r.status == 200);
    const Json c = r.json()["credentials"];
    CHECK(c["site"]["contentUrl"] == "");
    CHECK(c["token"].get<std::string>().size() > 50);
    const SignedIn marketing = f.sign_in_pat("marketing", "alice-pat", "alice-pat-secret");
    CHECK(marketing.site_id != c["site"]["id"]);
    CHECK(marketing.user_id != c["user"]["id"]);
}

TEST_CASE("failed sign-ins answer 401 with 401001") {
    Fake f;
    const std::vector<std::string> bodies = {
        "<tsRequest><credentials name=\"admin\" password=\"wrong\"><site contentUrl=\"\"/></credentials></tsRequest>",
        "<tsRequest><credentials name=\"nobody\" password=\"x\"><site contentUrl=\"\"/></credentials></tsRequest>",
        "<tsRequest><credentials name=\"alice\" password=\"\"><site contentUrl=\"\"/></credentials></tsRequest>",
        pat_body("tabhook-ci", "wrong-secret", "marketing"),
        pat_body("tabhook-ci", "tabhook-ci-secret", "no-such-site"),
        "<tsRequest><credentials/></tsRequest>",
    };
    for (const auto& body : bodies) {
        const Reply r = f.http().request("POST", "/api/3.24/auth/signin", body, "text/xml");
        INFO(body);
        CHECK(r.status == 401);
        const auto doc = r.xml();
        CHECK(std::string(find(*doc, "error").attribute("code").value()) == "401001");
        CHECK(std::string(find(*doc, "summary").text().get()) == "Signin Error");
    }
    const Reply j = f.http().request("POST", "/api/3.24/auth/signin",
                                     R"({"credentials":{"name":"admin","password":"nope","site":{"contentUrl":""}}})",
                                     "application/json", kJson);
    CHECK(j.status == 401);
    CHECK(j.json()["error"]["code"] == "401001");
}

TEST_CASE("sign-in with both a password and a PAT is 400000") {
    Fake f;
    const Reply r =
        f.http().request("POST", "/api/3.24/auth/signin",
                         "<tsRequest><credentials name=\"admin\" password=\"admin-password\" "
                         "personalAccessTokenName=\"tabhook-ci\" personalAccessTokenSecret=\"tabhook-ci-secret\">"
                         "<site contentUrl=\"\"/></credentials></tsRequest>",
                         "text/xml");
    CHECK(r.status == 400);
    CHECK(std::string(find(*r.xml(), "error").attribute("code").value()) == "400000");
    CHECK(std::string(find(*r.xml(), "detail").text().get()) ==
          "Please provide either name and password or clientId and personalAccessToken.");
}

TEST_CASE("malformed sign-in bodies are 400000, in either format") {
    Fake f;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "text/xml"},
        {"<tsRequest><credentials", "text/xml"},
        {"<notTs><credentials name=\"admin\" password=\"admin-password\"/></notTs>", "text/xml"},
        {"{\"credentials\": ", "application/json"},
        {"[1,2,3]", "application/json"},
        {R"({"credentials":{"name":42,"password":"x"}})", "application/json"},
        {R"({"nothing":{}})", "application/json"},
    };
    for (const auto& [body, type] : cases) {
        const Reply r = f.http().request("POST", "/api/3.24/auth/signin", body, type, kJson);
        INFO(body);
        CHECK(r.status == 400);
        CHECK(r.json()["error"]["code"] == "400000");
    }
}

TEST_CASE("missing tokens are 401000, unknown tokens 401002") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply missing = f.http().get(f.hooks(s));
    CHECK(missing.status == 401);
    CHECK(std::string(find(*missing.xml(), "error").attribute("code").value()) == "401000");
    const Reply unknown = f.http().get(f.hooks(s), {{"X-Tableau-Auth", "not-a-token"}, {"Accept", "application/json"}});
    CHECK(unknown.status == 401);
    CHECK(unknown.json()["error"]["code"] == "401002");
    // Header names are case-insensitive.
    CHECK(f.http().get(f.hooks(s), {{"x-tableau-auth", s.token}}).status == 200);
}

TEST_CASE("sign-out answers 204 and ends the session") {
    Fake f;
    const SignedIn s = f.admin();
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
    const Reply out = f.as(s, "POST", f.api("/auth/signout"));
    CHECK(out.status == 204);
    CHECK(out.body.empty());
    const Reply after = f.as(s, "GET", f.hooks(s));
    CHECK(after.status == 401);
    CHECK(std::string(find(*after.xml(), "error").attribute("code").value()) == "401002");
    CHECK(f.as(s, "POST", f.api("/auth/signout")).status == 401);
    CHECK(f.http().request("POST", "/api/3.24/auth/signout").status == 401);
}

TEST_CASE("tokens expire after --token-ttl") {
    fake::Options o;
    o.token_ttl = std::chrono::milliseconds(300);
    Fake f(o);
    const SignedIn s = f.admin();
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(450));
    const Reply r = f.as(s, "GET", f.hooks(s), "", true);
    CHECK(r.status == 401);
    CHECK(r.json()["error"]["code"] == "401002");
    const SignedIn again = f.admin();
    CHECK(f.as(again, "GET", f.hooks(again)).status == 200);
}

TEST_CASE("signing in with a PAT ends that PAT's earlier session, and only that one") {
    Fake f;
    const SignedIn first = f.admin("marketing");
    const SignedIn password = f.sign_in_password("marketing", "admin", "admin-password");
    const SignedIn alice = f.sign_in_pat("marketing", "alice-pat", "alice-pat-secret");
    const SignedIn second = f.admin(""); // same PAT, other site: still the same token's one session
    const Reply old = f.as(first, "GET", f.hooks(first), "", true);
    CHECK(old.status == 401);
    CHECK(old.json()["error"]["code"] == "401002");
    CHECK(f.as(second, "GET", f.hooks(second)).status == 200);
    CHECK(f.as(password, "GET", f.hooks(password)).status == 200);
    CHECK(f.as(alice, "GET", f.hooks(alice)).status == 200);
    const Json sessions = f.control_get("/_fake/sessions")["sessions"];
    REQUIRE(sessions.size() == 4);
    CHECK(sessions[0]["active"] == false);
    CHECK(sessions[0]["ended"] == "superseded by a new sign-in");
    CHECK(sessions[3]["active"] == true);
}
