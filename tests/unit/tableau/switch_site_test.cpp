// Session::switch_site through the client (ReadClient::switch_site) over a recording transport: a switch
// takes the new token and ids, the server's refusals are told apart (not offered: `unsupported`; already
// there: no change; session ended: a sign-in to the new site), and the request carries the contentUrl.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"
#include "tableau/client.hpp"
#include "tableau/codec.hpp"

using namespace tabhook;
using namespace tabhook::tableau;
using namespace tabhook::tableau::testing;
using nlohmann::json;
using Kind = ApiError::Kind;

namespace {

// Switch Site answers as sign-in does, for the site the body names: token sw-N, site id "id-" + contentUrl.
void answer_switches(FakeTableau& fake) {
    fake.transport->fallback("POST", fake.api("/auth/switchSite"), [n = 0](const http::HttpRequest& r) mutable {
        const auto content_url = json::parse(r.body).at("site").at("contentUrl").get<std::string>();
        return respond_json(200, {{"credentials",
                                   {{"token", "sw-" + std::to_string(++n)},
                                    {"site", {{"id", "id-" + content_url}, {"contentUrl", content_url}}},
                                    {"user", {{"id", "user-on-" + content_url}}}}}});
    });
}

model::Site finance(const FakeTableau& fake) {
    auto site = fake.site();
    site.name = "finance";
    site.content_url = "finance";
    return site;
}

std::string header(const http::HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return "";
}

} // namespace

TEST_CASE("switch_site: the session moves to the site with the new token and ids", "[tableau][switch]") {
    FakeTableau fake;
    answer_switches(fake);
    fake.transport->fallback("GET", fake.api("/sites/id-finance/webhooks"), [](const http::HttpRequest&) {
        return respond_json(200, json{{"webhooks", json::object()}});
    });
    {
        auto client = connect(fake.site(), {}, fake.deps());
        REQUIRE(client);
        REQUIRE((*client)->session().site_id == "site-1");
        REQUIRE((*client)->switch_site(finance(fake)));
        CHECK((*client)->session().site_id == "id-finance");
        CHECK((*client)->session().user_id == "user-on-finance");
        CHECK((*client)->session().api_version == "3.24");
        REQUIRE((*client)->list_webhooks());
        const auto requests = fake.transport->requests();
        const auto& sw = requests[requests.size() - 2];
        CHECK(path_of(sw.url) == fake.api("/auth/switchSite"));
        CHECK(header(sw, "X-Tableau-Auth") == "tok-1"); // the switch is made with the old token
        CHECK(json::parse(sw.body) == json{{"site", {{"contentUrl", "finance"}}}});
        CHECK(header(requests.back(), "X-Tableau-Auth") == "sw-1"); // and the new one is used after it
    }
    CHECK(fake.sign_ins == 1);
    const auto requests = fake.transport->requests(); // one sign-out, with the token it ended up with
    CHECK(fake.transport->count("POST", fake.api("/auth/signout")) == 1);
    CHECK(header(requests.back(), "X-Tableau-Auth") == "sw-1");
}

TEST_CASE("switch_site: a server without Switch Site is told apart, and the session stays", "[tableau][switch]") {
    FakeTableau fake;
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE(client);
    SECTION("403069, as Tableau Cloud is assumed to answer") {
        fake.transport->script("POST", fake.api("/auth/switchSite"),
                               {tableau_error(403, "403069", "Forbidden", "Switch Site is not supported")});
    }
    SECTION("405") {
        fake.transport->script("POST", fake.api("/auth/switchSite"),
                               {tableau_error(405, "405000", "Invalid request method", "")});
    }
    SECTION("404003: no such route (the transport's default answer)") {}
    auto moved = (*client)->switch_site(finance(fake));
    REQUIRE_FALSE(moved);
    CHECK(moved.error().kind == Kind::unsupported);
    CHECK((*client)->session().site_id == "site-1");
    CHECK(fake.sign_ins == 1); // a 403 here is not taken for an ended session: no new sign-in
}

TEST_CASE("switch_site: already on the site (403070) leaves the session as it is", "[tableau][switch]") {
    FakeTableau fake;
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE(client);
    fake.transport->script("POST", fake.api("/auth/switchSite"),
                           {tableau_error(403, "403070", "Forbidden", "Already signed in to that site")});
    auto same = fake.site();
    same.name = "marketing-again";
    same.content_url = "Marketing";
    REQUIRE((*client)->switch_site(same));
    CHECK((*client)->session().site_id == "site-1");
    CHECK(fake.sign_ins == 1);
}

TEST_CASE("switch_site: an ended session signs in to the new site", "[tableau][switch]") {
    FakeTableau fake;
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE(client);
    fake.transport->script("POST", fake.api("/auth/switchSite"),
                           {tableau_error(401, "401002", "Unauthorized Access", "Invalid authentication credentials")});
    fake.transport->script("POST", fake.api("/auth/signin"),
                           {respond_json(200, {{"credentials",
                                                {{"token", "tok-finance"},
                                                 {"site", {{"id", "id-finance"}, {"contentUrl", "finance"}}},
                                                 {"user", {{"id", "user-2"}}}}}})});
    REQUIRE((*client)->switch_site(finance(fake)));
    CHECK((*client)->session().site_id == "id-finance");
    CHECK((*client)->session().user_id == "user-2");
    const auto requests = fake.transport->requests();
    CHECK(json::parse(requests.back().body)["credentials"]["site"]["contentUrl"] == "finance");
}

TEST_CASE("switch_site: an unknown site is the switch's error; the session stays on its site", "[tableau][switch]") {
    FakeTableau fake;
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE(client);
    fake.transport->script("POST", fake.api("/auth/switchSite"),
                           {tableau_error(401, "401001", "Signin Error", "Error switching site SENTINEL-PAT-9f8e7d")});
    auto moved = (*client)->switch_site(finance(fake));
    REQUIRE_FALSE(moved);
    CHECK(moved.error().kind == Kind::http);
    CHECK(moved.error().code == "401001");
    CHECK(moved.error().message().find("SENTINEL") == std::string::npos); // the PAT's secret is redacted
    CHECK((*client)->session().site_id == "site-1");
    CHECK(fake.sign_ins == 1);
}

TEST_CASE("codec: the Switch Site body names the site by contentUrl", "[tableau][switch][codec]") {
    CHECK(json::parse(*codec::encode_switch_site("finance")) == json{{"site", {{"contentUrl", "finance"}}}});
    CHECK(json::parse(*codec::encode_switch_site("")) == json{{"site", {{"contentUrl", ""}}}}); // the default site
    CHECK_FALSE(codec::encode_switch_site("bad\xff").has_value());
}
