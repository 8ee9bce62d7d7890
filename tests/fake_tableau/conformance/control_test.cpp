// The control API: reset and seeds, request log redaction, webhook listing, auto-disable, sessions.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstring>
#include <fstream>
#include <sstream>

using namespace conformance;

namespace {
const char* kHttps = "https://hooks.example.com/x";

const char* kSeed = R"({
  "sites": [{"contentUrl": "", "name": "Default"}, {"contentUrl": "ops"}],
  "users": [
    {"name": "root", "password": "pw", "personalAccessTokens": [{"name": "ci", "secret": "s3cret"}],
     "siteRole": "SiteAdministratorCreator"},
    {"name": "bob", "sites": [{"contentUrl": "ops", "siteRole": "SiteAdministratorExplorer"}],
     "personalAccessTokens": [{"name": "bob-pat", "secret": "bob-secret"}]}
  ],
  "webhooks": [
    {"site": "ops", "name": "broken", "event": "DatasourceRefreshFailed", "url": "https://relay.example.com/a",
     "owner": "bob", "isEnabled": false, "statusChangeReason": "Webhook disabled after repeated failures"},
    {"site": "ops", "name": "legacy", "event": "webhook-source-event-flow-completed", "url": "https://relay.example.com/b", "owner": "root"}
  ]
})";
} // namespace

TEST_CASE("a seed can pre-create webhooks, including disabled ones and events the catalogue does not know") {
    std::string error;
    auto seed = fake::parse_seed(kSeed, error);
    INFO(error);
    REQUIRE(seed);
    Fake f({}, *seed);
    const SignedIn s = f.sign_in_pat("ops", "ci", "s3cret");
    const Json list = f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"];
    REQUIRE(list.size() == 2);
    CHECK(list[0]["isEnabled"] == false);
    CHECK(list[0]["statusChangeReason"] == "Webhook disabled after repeated failures");
    CHECK(list[0]["owner"]["name"] == "bob");
    CHECK(list[1].contains("event") == false);
    CHECK(list[1]["webhook-source"].contains("webhook-source-event-flow-completed"));
    // bob is a member of ops only.
    const Reply bob_default = f.http().request(
        "POST", "/api/3.24/auth/signin",
        R"({"credentials":{"personalAccessTokenName":"bob-pat","personalAccessTokenSecret":"bob-secret","site":{"contentUrl":""}}})",
        "application/json");
    CHECK(bob_default.status == 401);
}

TEST_CASE("invalid seeds are refused with a reason") {
    std::string error;
    CHECK_FALSE(fake::parse_seed("[]", error));
    CHECK_FALSE(fake::parse_seed(R"({"sites":[{"contentUrl":""}],"users":[{"name":"u","sites":[{"contentUrl":"x"}]}]})",
                                 error));
    CHECK(error.find("unknown site") != std::string::npos);
    CHECK_FALSE(fake::parse_seed(
        R"({"sites":[{"contentUrl":""}],"webhooks":[{"site":"","name":"w","event":"WorkbookCreated","owner":"ghost"}]})",
        error));
    CHECK(error.find("owner") != std::string::npos);
}

TEST_CASE("the shipped example seed is valid") {
    std::ifstream in(std::string(FAKE_SOURCE_DIR) + "/seed.example.json");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    const auto seed = fake::parse_seed(text.str(), error);
    INFO(error);
    REQUIRE(seed);
    CHECK(!seed->webhooks.empty());
}

TEST_CASE("the default seed is product.md's") {
    Fake f;
    CHECK(f.sign_in_password("", "admin", "admin-password").token.size() > 0);
    CHECK(f.sign_in_pat("", "tabhook-ci", "tabhook-ci-secret").token.size() > 0);
    CHECK(f.sign_in_pat("marketing", "alice-pat", "alice-pat-secret").token.size() > 0);
    const SignedIn viewer = f.sign_in_password("marketing", "viewer", "viewer-password");
    CHECK(f.as(viewer, "GET", f.hooks(viewer)).status == 403);
    const Json sites = f.control_get("/_fake/sites")["sites"];
    REQUIRE(sites.size() == 2);
    CHECK(sites[0]["contentUrl"] == "");
    CHECK(sites[0]["name"] == "Default");
    CHECK(sites[1]["contentUrl"] == "marketing");
}

TEST_CASE("reset returns to the startup seed, or to a seed given in its body") {
    Fake f;
    const SignedIn s = f.admin();
    f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    REQUIRE(f.control("POST", "/_fake/faults", R"({"kind":"drop"})").status == 201);
    REQUIRE(f.control("POST", "/_fake/reset").status == 200);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
    CHECK(f.control_get("/_fake/faults")["faults"].empty());
    CHECK(f.control_get("/_fake/requests")["requests"].empty());
    CHECK(f.as(s, "GET", f.hooks(s)).status == 401); // sessions are gone too

    REQUIRE(f.control("POST", "/_fake/reset", kSeed).status == 200);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].size() == 2);
    const Reply bad = f.control("POST", "/_fake/reset", R"({"sites":"x"})");
    CHECK(bad.status == 400);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].size() == 2); // unchanged
}

TEST_CASE("the request log holds no password, PAT secret or token") {
    Fake f;
    const SignedIn pat = f.admin();
    const SignedIn pw = f.sign_in_password("", "admin", "admin-password");
    f.as(pat, "GET", f.hooks(pat) + "?token=" + pat.token + "&pageSize=100");
    f.as(pw, "GET", f.hooks(pw));
    f.http().request("POST", "/api/3.24/auth/signin",
                     "<tsRequest><credentials name=\"admin\" password=\"wrong-password-123\"/></tsRequest>",
                     "text/xml");
    const Reply log = f.http().get("/_fake/requests");
    REQUIRE(log.status == 200);
    for (const std::string& secret :
         {std::string("tabhook-ci-secret"), std::string("admin-password"), std::string("wrong-password-123"), pat.token,
          pw.token, pat.token.substr(0, 22), pw.token.substr(0, 22)})
        CHECK(log.body.find(secret) == std::string::npos);
    const Json entries = log.json()["requests"];
    REQUIRE(entries.size() == 5);
    CHECK(entries[0]["signin"] == "pat:tabhook-ci");
    CHECK(entries[0]["session"] == 1);
    CHECK(entries[1]["signin"] == "password");
    CHECK(entries[2]["method"] == "GET");
    CHECK(entries[2]["query"]["token"] == "<redacted>");
    CHECK(entries[2]["query"]["pageSize"] == "100");
    CHECK(entries[2]["token"] == "<redacted>");
    CHECK(entries[2]["user"] == "admin");
    CHECK(entries[2]["site"] == "marketing");
    CHECK(entries[4]["status"] == 401);
    // ?since= returns only newer entries.
    CHECK(f.control_get("/_fake/requests?since=3")["requests"].size() == 2);
}

TEST_CASE("GET /_fake/webhooks lists every site, /disable marks a webhook disabled as Tableau would") {
    Fake f;
    const SignedIn m = f.admin("marketing");
    const SignedIn d = f.sign_in_password("", "admin", "admin-password");
    const std::string id = f.create_webhook(m, "m", "WorkbookCreated", kHttps);
    f.create_webhook(d, "d", "WorkbookCreated", kHttps);
    const Json all = f.control_get("/_fake/webhooks")["webhooks"];
    REQUIRE(all.size() == 2);
    CHECK(all[0]["site"] == "marketing");
    CHECK(all[1]["site"] == "");
    CHECK(all[0]["owner"]["id"] == m.user_id);

    const Reply dis = f.control("POST", "/_fake/webhooks/" + id + "/disable");
    REQUIRE(dis.status == 200);
    CHECK(dis.json()["webhook"]["isEnabled"] == false);
    const Json seen = f.as(m, "GET", f.hooks(m, "/" + id), "", true).json()["webhook"];
    CHECK(seen["isEnabled"] == false);
    CHECK(seen["statusChangeReason"] == "Webhook disabled automatically after repeated delivery failures");
    REQUIRE(f.control("POST", "/_fake/webhooks/" + id + "/disable", R"({"reason":"custom reason"})").status == 200);
    CHECK(f.as(m, "GET", f.hooks(m, "/" + id), "", true).json()["webhook"]["statusChangeReason"] == "custom reason");
    CHECK(f.control("POST", "/_fake/webhooks/nope/disable").status == 404);
    // A disabled webhook gets no events.
    const Reply fired = f.control("POST", "/_fake/events", R"({"site":"marketing","event":"WorkbookCreated"})");
    CHECK(fired.json()["subscribers"] == 0);
}

TEST_CASE("unknown control endpoints are 404, wrong methods 405") {
    Fake f;
    CHECK(f.control("GET", "/_fake/nothing").status == 404);
    CHECK(f.control("GET", "/_fake/reset").status == 405);
    CHECK(f.control("PUT", "/_fake/faults", "{}").status == 405);
    CHECK(f.control("POST", "/_fake/webhooks").status == 405);
}

TEST_CASE("the control API refuses clients that are not on loopback, the Tableau API does not") {
    // Needs a non-loopback address of this machine; without one there is nothing to check.
    std::string local;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) == 0) {
        for (ifaddrs* i = list; i && local.empty(); i = i->ifa_next) {
            if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
            sockaddr_in sin{};
            std::memcpy(&sin, i->ifa_addr, sizeof sin);
            char buf[INET_ADDRSTRLEN] = {};
            if (inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof buf) && !fake::is_loopback_host(buf)) local = buf;
        }
        freeifaddrs(list);
    }
    if (local.empty()) {
        WARN("no non-loopback IPv4 address on this machine: skipped");
        return;
    }
    fake::Options o;
    o.listen_host = "0.0.0.0";
    Fake f(o);
    Client remote("http://" + local + ":" + std::to_string(f.port()));
    const Reply control = remote.get("/_fake/webhooks");
    CHECK(control.status == 403);
    CHECK(remote.request("POST", "/_fake/reset").status == 403);
    CHECK(remote.get("/api/3.24/serverinfo").status == 200);
    Client loopback("http://127.0.0.1:" + std::to_string(f.port()));
    CHECK(loopback.get("/_fake/webhooks").status == 200);
}
