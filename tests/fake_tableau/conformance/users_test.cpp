// Query User On Site: GET /api/{v}/sites/{site-id}/users/{user-id}, what `tabhook doctor` reads the
// signed-in account's site role from.
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

TEST_CASE("Query User On Site answers the user's site role, in XML and JSON") {
    Fake f;
    const SignedIn admin = f.admin();
    const std::string path = f.api("/sites/" + admin.site_id + "/users/" + admin.user_id);

    const Reply xml = f.as(admin, "GET", path);
    REQUIRE(xml.status == 200);
    const auto doc = xml.xml();
    const auto user = find(*doc, "user");
    CHECK(std::string(user.attribute("id").value()) == admin.user_id);
    CHECK(std::string(user.attribute("name").value()) == "admin");
    CHECK(std::string(user.attribute("siteRole").value()) == "SiteAdministratorCreator");
    CHECK(!std::string(user.attribute("authSetting").value()).empty());
    CHECK(std::string(find(user, "domain").attribute("name").value()) == "local");

    const Reply json = f.as(admin, "GET", path, "", true);
    REQUIRE(json.status == 200);
    const Json j = json.json();
    CHECK(j["user"]["id"] == admin.user_id);
    CHECK(j["user"]["siteRole"] == "SiteAdministratorCreator");
    CHECK(j["user"]["domain"]["name"] == "local");
}

TEST_CASE("Query User On Site: administrators may query others; others are refused, unknown ids are 404002") {
    Fake f;
    const SignedIn admin = f.admin();
    const SignedIn viewer = f.sign_in_password("marketing", "viewer", "viewer-password");

    const Reply other = f.as(admin, "GET", f.api("/sites/" + admin.site_id + "/users/" + viewer.user_id));
    REQUIRE(other.status == 200);
    CHECK(std::string(find(*other.xml(), "user").attribute("siteRole").value()) == "Viewer");

    const Reply self = f.as(viewer, "GET", f.api("/sites/" + viewer.site_id + "/users/" + viewer.user_id));
    CHECK(self.status == 403);
    CHECK(std::string(find(*self.xml(), "error").attribute("code").value()) == "403000");

    const Reply unknown = f.as(admin, "GET", f.api("/sites/" + admin.site_id + "/users/no-such-user"));
    CHECK(unknown.status == 404);
    CHECK(std::string(find(*unknown.xml(), "error").attribute("code").value()) == "404002");

    const Reply put = f.as(admin, "PUT", f.api("/sites/" + admin.site_id + "/users/" + admin.user_id), "<tsRequest/>");
    CHECK(put.status == 405);

    const SignedIn elsewhere = f.admin("");
    const Reply wrong_site = f.as(elsewhere, "GET", f.api("/sites/" + admin.site_id + "/users/" + admin.user_id));
    CHECK(wrong_site.status == 404);

    const Reply no_token = f.http().get(f.api("/sites/" + admin.site_id + "/users/" + admin.user_id));
    CHECK(no_token.status == 401);
}
