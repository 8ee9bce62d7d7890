// Query User On Site, for `tabhook doctor`'s site-role check: the signed-in account's role, in JSON and XML.
#include <catch2/catch.hpp>

#include "fake_transport.hpp"
#include "tableau/codec.hpp"

using namespace tabhook;
using namespace tabhook::tableau;
using namespace tabhook::tableau::testing;

TEST_CASE("site user: decoded from JSON and XML; a user without siteRole does not decode", "[site-user]") {
    const auto json =
        codec::decode_user(R"({"user":{"id":"u1","name":"admin","siteRole":"SiteAdministratorCreator"}})");
    REQUIRE(json);
    CHECK(json->id == "u1");
    CHECK(json->name == "admin");
    CHECK(json->site_role == "SiteAdministratorCreator");
    const auto xml = codec::decode_user(
        R"(<tsResponse xmlns="http://tableau.com/api"><user id="u2" name="v" siteRole="Viewer"><domain name="local"/></user></tsResponse>)");
    REQUIRE(xml);
    CHECK(xml->site_role == "Viewer");
    CHECK(!codec::decode_user(R"({"user":{"id":"u1","name":"admin"}})"));
    CHECK(!codec::decode_user(R"(<tsResponse><user id="u1"/></tsResponse>)"));
}

TEST_CASE("site user: site and server administrators may manage webhooks, no one else", "[site-user]") {
    CHECK(may_manage_webhooks("SiteAdministratorCreator"));
    CHECK(may_manage_webhooks("SiteAdministratorExplorer"));
    CHECK(may_manage_webhooks("ServerAdministrator"));
    CHECK(!may_manage_webhooks("Creator"));
    CHECK(!may_manage_webhooks("ExplorerCanPublish"));
    CHECK(!may_manage_webhooks("Viewer"));
    CHECK(!may_manage_webhooks("Unlicensed"));
}

TEST_CASE("site user: a read-only client asks GET /sites/{site}/users/{signed-in user}", "[site-user]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.api("/sites/site-1/users/user-1"),
        {respond_json(200, {{"user", {{"id", "user-1"}, {"name", "admin"}, {"siteRole", "Viewer"}}}})});
    auto client = connect_read_only(fake.site(), ClientOptions{}, fake.deps());
    REQUIRE(client);
    const auto user = (*client)->signed_in_user();
    REQUIRE(user);
    CHECK(user->site_role == "Viewer");
    const auto again = (*client)->signed_in_user(); // the fallback: 404003, an error value
    REQUIRE(!again);
    CHECK(again.error().http_status == 404);
}
