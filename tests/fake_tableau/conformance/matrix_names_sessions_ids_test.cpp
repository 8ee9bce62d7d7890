// Rows of the assumption matrix (README, "The assumption matrix"): --duplicate-names, --expired-session,
// --unknown-webhook, --update-status. Each value behaves as named; the defaults are pinned by the other
// files (webhooks_test, auth_test, faults_test) and again here, next to their alternatives.
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

namespace {

const char* kHttps = "https://hooks.example.com/matrix";

// One value of a row and the error it answers with.
struct Row {
    const char* value;
    int status;
    const char* code;
};

Fake with(const char* row, const char* value) {
    fake::Options o;
    std::string message;
    REQUIRE(fake::set_profile_value(o.profile, row, value, message));
    return Fake(o);
}

// The JSON error's status and code, checked in XML too (the codec is shared, the profile is not).
void check_error(Fake& f, const SignedIn& s, const std::string& method, const std::string& path, int status,
                 const std::string& code, const std::string& body = "") {
    const Reply json = f.as(s, method, path, body, true);
    INFO(method << " " << path << ": " << json.body);
    CHECK(json.status == status);
    CHECK(json.json()["error"]["code"] == code);
    const Reply xml = f.as(s, method, path, body, false);
    CHECK(xml.status == status);
    CHECK(std::string(find(*xml.xml(), "error").attribute("code").value()) == code);
}

} // namespace

TEST_CASE("matrix row --duplicate-names: allow, refuse-409 (409050) and refuse-400 (400009), by create and by rename") {
    const Row rows[] = {{"allow", 201, ""}, {"refuse-409", 409, "409050"}, {"refuse-400", 400, "400009"}};
    for (const auto& row : rows) {
        INFO(row.value);
        Fake f = with("duplicate-names", row.value);
        const SignedIn s = f.admin();
        f.create_webhook(s, "same", "WorkbookCreated", kHttps);
        const Reply dup = f.as(s, "POST", f.hooks(s), webhook_xml("same", "ViewDeleted", "", kHttps), true);
        CHECK(dup.status == row.status);
        const std::string other = f.create_webhook(s, "other", "WorkbookCreated", kHttps);
        const Reply rename = f.as(s, "PUT", f.hooks(s, "/" + other), webhook_xml("same", "", "", ""), true);
        if (row.status == 201) {
            CHECK(f.control_get("/_fake/webhooks")["webhooks"].size() == 3);
            CHECK(rename.status == 201);
            continue;
        }
        CHECK(dup.json()["error"]["code"] == row.code);
        CHECK(rename.status == row.status);
        CHECK(rename.json()["error"]["code"] == row.code);
        CHECK(f.control_get("/_fake/webhooks")["webhooks"].size() == 2);
        // Names stay per site.
        const SignedIn def = f.sign_in_password("", "admin", "admin-password");
        CHECK(f.as(def, "POST", f.hooks(def), webhook_xml("same", "WorkbookCreated", "", kHttps)).status == 201);
    }
}

TEST_CASE("matrix row --expired-session: an ended, superseded, expired or unknown token gets the row's answer") {
    const Row rows[] = {{"401002", 401, "401002"}, {"401000", 401, "401000"}, {"403", 403, "403000"}};
    for (const auto& row : rows) {
        INFO(row.value);
        Fake f = with("expired-session", row.value);
        // Signed out.
        const SignedIn out = f.admin();
        REQUIRE(f.as(out, "POST", f.api("/auth/signout")).status == 204);
        check_error(f, out, "GET", f.hooks(out), row.status, row.code);
        // Superseded by a new sign-in with the same PAT.
        const SignedIn old = f.admin();
        const SignedIn current = f.admin();
        check_error(f, old, "GET", f.hooks(old), row.status, row.code);
        // Expired by the token_expiry fault, and after it.
        REQUIRE(f.control("POST", "/_fake/faults", R"({"kind":"token_expiry","path":"/api/*/sites/**"})").status ==
                201);
        check_error(f, current, "GET", f.hooks(current), row.status, row.code);
        // A token the server never issued (or forgot) is answered the same way; a missing one stays 401000.
        const SignedIn bogus{"not-a-token", current.site_id, current.user_id};
        check_error(f, bogus, "DELETE", f.hooks(bogus, "/x"), row.status, row.code);
        const SignedIn none{"", current.site_id, current.user_id};
        check_error(f, none, "GET", f.hooks(none), 401, "401000");
        // A fresh session works.
        const SignedIn again = f.admin();
        CHECK(f.as(again, "GET", f.hooks(again)).status == 200);
    }
}

TEST_CASE("matrix row --expired-session: tokens expired by --token-ttl get the row's answer") {
    fake::Options o;
    o.profile.expired_session = fake::ExpiredSession::forbidden_403;
    o.token_ttl = std::chrono::milliseconds(0);
    Fake f(o);
    const SignedIn s = f.admin();
    check_error(f, s, "GET", f.hooks(s), 403, "403000");
}

TEST_CASE(
    "matrix row --unknown-webhook: get, update and delete of an unknown id get the row's answer, test stays 400113") {
    const Row rows[] = {{"404050", 404, "404050"}, {"404-other", 404, "404000"}, {"400", 400, "400113"}};
    for (const auto& row : rows) {
        INFO(row.value);
        Fake f = with("unknown-webhook", row.value);
        const SignedIn s = f.admin();
        const std::string gone = f.create_webhook(s, "gone", "WorkbookCreated", kHttps);
        REQUIRE(f.as(s, "DELETE", f.hooks(s, "/" + gone)).status == 204);
        check_error(f, s, "GET", f.hooks(s, "/" + gone), row.status, row.code);
        check_error(f, s, "PUT", f.hooks(s, "/" + gone), row.status, row.code, webhook_xml("x", "", "", ""));
        check_error(f, s, "DELETE", f.hooks(s, "/" + gone), row.status, row.code);
        check_error(f, s, "GET", f.hooks(s, "/" + gone + "/test"), 400, "400113");
    }
}

TEST_CASE("matrix row --update-status: 201 with Location (default) or 200 without") {
    for (const char* value : {"201", "200"}) {
        INFO(value);
        Fake f = with("update-status", value);
        const SignedIn s = f.admin();
        const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
        const Reply r = f.as(s, "PUT", f.hooks(s, "/" + id), webhook_xml("renamed", "", "", ""), true);
        CHECK(r.json()["webhook"]["name"] == "renamed");
        if (std::string(value) == "201") {
            CHECK(r.status == 201);
            CHECK(r.header("location") == f.hooks(s, "/" + id));
        } else {
            CHECK(r.status == 200);
            CHECK(r.header("location").empty());
        }
    }
}
