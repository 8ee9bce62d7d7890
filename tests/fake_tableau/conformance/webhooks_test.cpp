// Webhook CRUD, event-name forms, validation, version gating, sites and roles.
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

namespace {
std::string code_of(const Reply& r) {
    if (!r.body.empty() && r.body.front() == '{') return r.json()["error"]["code"].get<std::string>();
    return find(*r.xml(), "error").attribute("code").value();
}
const char* kHttps = "https://hooks.example.com/tableau/abc";
} // namespace

TEST_CASE("create with the event attribute: 201, Location, both event forms, owner, isEnabled") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply r = f.as(s, "POST", f.hooks(s), webhook_xml("gitops-a", "DatasourceRefreshFailed", "", kHttps));
    REQUIRE(r.status == 201);
    const auto doc = r.xml();
    const auto w = find(*doc, "webhook");
    const std::string id = w.attribute("id").value();
    CHECK(r.header("location") == "/api/3.24/sites/" + s.site_id + "/webhooks/" + id);
    CHECK(std::string(w.attribute("name").value()) == "gitops-a");
    CHECK(std::string(w.attribute("event").value()) == "DatasourceRefreshFailed");
    CHECK(std::string(w.attribute("isEnabled").value()) == "true");
    CHECK(std::string(w.attribute("statusChangeReason").value()) == "");
    CHECK(std::string(find(w, "webhook-source").first_child().name()) ==
          "webhook-source-event-datasource-refresh-failed");
    CHECK(std::string(find(w, "webhook-destination-http").attribute("url").value()) == kHttps);
    CHECK(std::string(find(w, "webhook-destination-http").attribute("method").value()) == "POST");
    CHECK(std::string(find(w, "owner").attribute("id").value()) == s.user_id);
    CHECK(std::string(find(w, "owner").attribute("name").value()) == "admin");
}

TEST_CASE("create with a webhook-source element (JSON body and answer), including the webhook-event- form") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply r = f.as(
        s, "POST", f.hooks(s),
        R"({"webhook":{"name":"promo","webhook-source":{"webhook-event-user-promoted-admin":{}},"webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://x.example.com/h"}}}})",
        true);
    REQUIRE(r.status == 201);
    const Json w = r.json()["webhook"];
    CHECK(w["event"] == "AdminPromoted");
    CHECK(w["webhook-source"].contains("webhook-event-user-promoted-admin"));
    CHECK(w["isEnabled"] == true);
    CHECK(w["statusChangeReason"] == "");
    CHECK(w["owner"]["name"] == "admin");
    CHECK(w["webhook-destination"]["webhook-destination-http"]["url"] == "https://x.example.com/h");

    const Reply old_form =
        f.as(s, "POST", f.hooks(s), webhook_xml("old", "", "webhook-source-event-workbook-created", kHttps));
    REQUIRE(old_form.status == 201);
    CHECK(std::string(find(*old_form.xml(), "webhook").attribute("event").value()) == "WorkbookCreated");
    // Both forms together are fine when they agree.
    CHECK(f.as(s, "POST", f.hooks(s),
               webhook_xml("both", "WorkbookCreated", "webhook-source-event-workbook-created", kHttps))
              .status == 201);
}

TEST_CASE("list and get in XML and JSON, an empty JSON list is an empty webhooks object") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply empty = f.as(s, "GET", f.hooks(s), "", true);
    REQUIRE(empty.status == 200);
    CHECK(empty.json() == Json::parse(R"({"webhooks":{}})"));
    CHECK(!find(*f.as(s, "GET", f.hooks(s)).xml(), "webhooks").first_child());

    const std::string a = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const std::string b = f.create_webhook(s, "b", "ViewDeleted", kHttps);
    const Json list = f.as(s, "GET", f.hooks(s), "", true).json();
    REQUIRE(list["webhooks"]["webhook"].size() == 2);
    CHECK(list["webhooks"]["webhook"][0]["id"] == a); // oldest first
    CHECK(list["webhooks"]["webhook"][1]["id"] == b);
    const auto doc = f.as(s, "GET", f.hooks(s)).xml();
    int count = 0;
    for (auto w = find(*doc, "webhooks").first_child(); w; w = w.next_sibling()) ++count;
    CHECK(count == 2);

    const Reply one = f.as(s, "GET", f.hooks(s, "/" + b));
    REQUIRE(one.status == 200);
    CHECK(std::string(find(*one.xml(), "webhook").attribute("event").value()) == "ViewDeleted");
    CHECK(f.as(s, "GET", f.hooks(s, "/" + a), "", true).json()["webhook"]["name"] == "a");
}

TEST_CASE("delete answers 204, an unknown webhook id is 404 with 404050") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const Reply del = f.as(s, "DELETE", f.hooks(s, "/" + id));
    CHECK(del.status == 204);
    CHECK(del.body.empty());
    for (const char* method : {"GET", "DELETE"}) {
        const Reply r = f.as(s, method, f.hooks(s, "/" + id));
        CHECK(r.status == 404);
        CHECK(code_of(r) == "404050");
    }
    const Reply put = f.as(s, "PUT", f.hooks(s, "/" + id), webhook_xml("x", "", "", ""));
    CHECK(put.status == 404);
    CHECK(code_of(put) == "404050");
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
}

TEST_CASE("update (PUT) changes what it is given, answers 201, and applies the isEnabled rules") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const std::string path = f.hooks(s, "/" + id);

    Reply r = f.as(s, "PUT", path, webhook_xml("renamed", "WorkbookDeleted", "", "https://new.example.com/x"));
    REQUIRE(r.status == 201);
    auto doc = r.xml();
    auto w = find(*doc, "webhook");
    CHECK(std::string(w.attribute("name").value()) == "renamed");
    CHECK(std::string(w.attribute("event").value()) == "WorkbookDeleted");
    CHECK(std::string(find(w, "webhook-source").first_child().name()) == "webhook-source-event-workbook-deleted");
    CHECK(std::string(find(w, "webhook-destination-http").attribute("url").value()) == "https://new.example.com/x");

    // Disabling without a reason stores Tableau's default reason.
    r = f.as(s, "PUT", path, webhook_xml("renamed", "", "", "", " isEnabled=\"false\""));
    REQUIRE(r.status == 201);
    doc = r.xml();
    w = find(*doc, "webhook");
    CHECK(std::string(w.attribute("isEnabled").value()) == "false");
    CHECK(std::string(w.attribute("statusChangeReason").value()) == "Webhook disabled by user");
    CHECK(std::string(w.attribute("event").value()) == "WorkbookDeleted"); // untouched fields stay

    // Disabling with a reason keeps it (JSON, isEnabled as a string as Postman sends it).
    r = f.as(s, "PUT", path,
             R"({"webhook":{"name":"renamed","isEnabled":"false","statusChangeReason":"paused for maintenance"}})",
             true);
    REQUIRE(r.status == 201);
    CHECK(r.json()["webhook"]["statusChangeReason"] == "paused for maintenance");

    // isEnabled=true with a reason is 400127.
    r = f.as(s, "PUT", path, webhook_xml("renamed", "", "", "", " isEnabled=\"true\" statusChangeReason=\"why\""));
    CHECK(r.status == 400);
    CHECK(code_of(r) == "400127");

    // Re-enabling clears the reason.
    r = f.as(s, "PUT", path, R"({"webhook":{"name":"renamed","isEnabled":true,"statusChangeReason":""}})", true);
    REQUIRE(r.status == 201);
    CHECK(r.json()["webhook"]["isEnabled"] == true);
    CHECK(r.json()["webhook"]["statusChangeReason"] == "");
}

TEST_CASE("webhooks need API 3.6, update needs 3.8, older versions are 404003") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const std::string site = "/sites/" + s.site_id + "/webhooks";
    for (const std::string& path :
         {"/api/3.5" + site, "/api/3.5" + site + "/" + id, "/api/3.5" + site + "/" + id + "/test"}) {
        const Reply r = f.as(s, "GET", path);
        INFO(path);
        CHECK(r.status == 404);
        CHECK(code_of(r) == "404003");
    }
    CHECK(f.as(s, "GET", "/api/3.6" + site).status == 200);
    const Reply put37 = f.as(s, "PUT", "/api/3.7" + site + "/" + id, webhook_xml("b", "", "", ""));
    CHECK(put37.status == 404);
    CHECK(code_of(put37) == "404003");
    CHECK(f.as(s, "PUT", "/api/3.8" + site + "/" + id, webhook_xml("b", "", "", "")).status == 201);
    const Reply future = f.as(s, "GET", "/api/3.25" + site);
    CHECK(future.status == 404);
    CHECK(code_of(future) == "404003");
}

TEST_CASE("invalid webhook requests are 400000") {
    Fake f;
    const SignedIn s = f.admin();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"no name", webhook_xml("", "WorkbookCreated", "", kHttps)},
        {"empty name", webhook_xml("", "WorkbookCreated", "", kHttps, " name=\"\"")},
        {"unknown event", webhook_xml("a", "WorkbookExploded", "", kHttps)},
        {"element form in the event attribute", webhook_xml("a", "webhook-source-event-workbook-created", "", kHttps)},
        {"kebab form in the event attribute", webhook_xml("a", "workbook-created", "", kHttps)},
        {"unknown element", webhook_xml("a", "", "webhook-source-api-event-name", kHttps)},
        {"PascalCase as element", webhook_xml("a", "", "WorkbookCreated", kHttps)},
        {"event and element disagree",
         webhook_xml("a", "WorkbookCreated", "webhook-source-event-workbook-deleted", kHttps)},
        {"no event", webhook_xml("a", "", "", kHttps)},
        {"no url", webhook_xml("a", "WorkbookCreated", "", "")},
        {"http to a public host", webhook_xml("a", "WorkbookCreated", "", "http://hooks.example.com/x")},
        {"not a URL", webhook_xml("a", "WorkbookCreated", "", "url")},
        {"ftp", webhook_xml("a", "WorkbookCreated", "", "ftp://example.com/x")},
        {"method GET",
         "<tsRequest><webhook name=\"a\" event=\"WorkbookCreated\"><webhook-destination><webhook-destination-http "
         "method=\"GET\" url=\"https://e.example.com/\"/></webhook-destination></webhook></tsRequest>"},
        {"isEnabled not boolean", webhook_xml("a", "WorkbookCreated", "", kHttps, " isEnabled=\"maybe\"")},
        {"two source elements",
         "<tsRequest><webhook name=\"a\"><webhook-source><webhook-source-event-workbook-created/>"
         "<webhook-source-event-workbook-deleted/></webhook-source></webhook></tsRequest>"},
        {"malformed XML", "<tsRequest><webhook name=\"a\""},
        {"no webhook element", "<tsRequest/>"},
        {"malformed JSON", "{\"webhook\": {"},
        {"JSON name not a string", R"({"webhook":{"name":5,"event":"WorkbookCreated"}})"},
        {"JSON webhook-source not an object", R"({"webhook":{"name":"a","webhook-source":"x"}})"},
        {"empty body", ""},
    };
    for (const auto& [what, body] : cases) {
        INFO(what);
        const Reply r = f.as(s, "POST", f.hooks(s), body);
        CHECK(r.status == 400);
        CHECK(code_of(r) == "400000");
    }
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
}

TEST_CASE("http:// destinations are accepted for loopback hosts only (documented deviation)") {
    Fake f;
    const SignedIn s = f.admin();
    for (const char* url :
         {"http://127.0.0.1:9/x", "http://localhost:8080/x", "http://[::1]:8080/x", "http://127.1.2.3/x"})
        CHECK(f.as(s, "POST", f.hooks(s), webhook_xml("a", "WorkbookCreated", "", url)).status == 201);
    CHECK(
        f.as(s, "POST", f.hooks(s), webhook_xml("a", "WorkbookCreated", "", "http://127.0.0.1.example.com/x")).status ==
        400);
}

TEST_CASE("with unique names on, a second webhook with the same name is refused (409), by create and by rename") {
    fake::Options o;
    o.profile.duplicate_names = fake::DuplicateNames::refuse_409;
    Fake f(o);
    const SignedIn s = f.admin();
    f.create_webhook(s, "same", "WorkbookCreated", kHttps);
    const Reply dup = f.as(s, "POST", f.hooks(s), webhook_xml("same", "ViewDeleted", "", kHttps), true);
    CHECK(dup.status == 409);
    CHECK(dup.json()["error"]["code"] == "409050");
    const std::string other = f.create_webhook(s, "other", "WorkbookCreated", kHttps);
    const Reply rename = f.as(s, "PUT", f.hooks(s, "/" + other), webhook_xml("same", "", "", ""));
    CHECK(rename.status == 409);
    // Names are per site.
    const SignedIn def = f.sign_in_password("", "admin", "admin-password");
    CHECK(f.as(def, "POST", f.hooks(def), webhook_xml("same", "WorkbookCreated", "", kHttps)).status == 201);
}

TEST_CASE("without --unique-names, duplicate names are allowed") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string a = f.create_webhook(s, "same", "WorkbookCreated", kHttps);
    const std::string b = f.create_webhook(s, "same", "WorkbookCreated", kHttps);
    CHECK(a != b);
}

TEST_CASE("the site id in the URI must be the session's site, otherwise 404000") {
    Fake f;
    const SignedIn marketing = f.admin("marketing");
    const SignedIn def = f.sign_in_password("", "admin", "admin-password");
    const Reply other = f.as(marketing, "GET", f.hooks(def));
    CHECK(other.status == 404);
    CHECK(code_of(other) == "404000");
    const Reply unknown =
        f.as(marketing, "GET", "/api/3.24/sites/00000000-0000-4000-8000-000000000000/webhooks", "", true);
    CHECK(unknown.status == 404);
    CHECK(unknown.json()["error"]["code"] == "404000");
}

TEST_CASE("a non-administrator gets 403 on every webhook endpoint") {
    Fake f;
    const SignedIn admin = f.admin();
    const std::string id = f.create_webhook(admin, "a", "WorkbookCreated", kHttps);
    const SignedIn viewer = f.sign_in_password("marketing", "viewer", "viewer-password");
    const std::vector<std::pair<std::string, std::string>> calls = {{"GET", f.hooks(viewer)},
                                                                    {"POST", f.hooks(viewer)},
                                                                    {"GET", f.hooks(viewer, "/" + id)},
                                                                    {"PUT", f.hooks(viewer, "/" + id)},
                                                                    {"DELETE", f.hooks(viewer, "/" + id)},
                                                                    {"GET", f.hooks(viewer, "/" + id + "/test")}};
    for (const auto& [method, path] : calls) {
        INFO(method << " " << path);
        const Reply r =
            f.as(viewer, method, path,
                 method == "POST" || method == "PUT" ? webhook_xml("v", "WorkbookCreated", "", kHttps) : "");
        CHECK(r.status == 403);
        CHECK(code_of(r) == "403000");
    }
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].size() == 1);
}

TEST_CASE("unknown resources are 404003 and wrong methods 405000") {
    Fake f;
    const SignedIn s = f.admin();
    for (const std::string& path : {std::string("/"), std::string("/api"), std::string("/api/3.24/nothing"),
                                    f.hooks(s, "/x/y/z"), f.hooks(s, "/x/notatest"), std::string("/api/3.24/sites")}) {
        INFO(path);
        const Reply r = f.as(s, "GET", path);
        CHECK(r.status == 404);
        CHECK(code_of(r) == "404003");
    }
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const std::vector<std::pair<std::string, std::string>> wrong = {
        {"DELETE", f.hooks(s)},         {"PUT", f.hooks(s)},
        {"POST", f.hooks(s, "/" + id)}, {"POST", f.hooks(s, "/" + id + "/test")},
        {"GET", f.api("/auth/signin")}, {"DELETE", f.api("/auth/signout")},
        {"POST", f.api("/serverinfo")}, {"PATCH", f.hooks(s, "/" + id)},
    };
    for (const auto& [method, path] : wrong) {
        INFO(method << " " << path);
        const Reply r = f.as(s, method, path, method == "GET" || method == "DELETE" ? "" : "<tsRequest/>");
        CHECK(r.status == 405);
        CHECK(code_of(r) == "405000");
    }
}

TEST_CASE("older API versions: no event attribute below 3.9, no isEnabled below 3.8, admin events from 3.11") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string site = "/sites/" + s.site_id + "/webhooks";
    const auto webhook_at = [&](const std::string& version, const std::string& id) {
        const Reply r = f.as(s, "GET", "/api/" + version + site + "/" + id);
        REQUIRE(r.status == 200);
        return r;
    };
    // 3.6: the webhook-source element only, in requests and answers; isEnabled is not known yet.
    const Reply created =
        f.as(s, "POST", "/api/3.6" + site,
             webhook_xml("old", "", "webhook-source-event-workbook-created", kHttps, " isEnabled=\"false\""));
    REQUIRE(created.status == 201);
    const std::string id = find(*created.xml(), "webhook").attribute("id").value();
    for (const auto* version : {"3.6", "3.7"}) {
        const Reply r = webhook_at(version, id);
        const auto doc = r.xml(); // the node below lives as long as its document
        const auto w = find(*doc, "webhook");
        INFO(version);
        CHECK_FALSE(w.attribute("event"));
        CHECK_FALSE(w.attribute("isEnabled"));
        CHECK(std::string(find(w, "webhook-source").first_child().name()) == "webhook-source-event-workbook-created");
    }
    const auto doc38 = webhook_at("3.8", id).xml();
    const auto at38 = find(*doc38, "webhook");
    CHECK_FALSE(at38.attribute("event"));
    CHECK(std::string(at38.attribute("isEnabled").value()) == "true"); // isEnabled was ignored at 3.6
    CHECK(std::string(find(*webhook_at("3.9", id).xml(), "webhook").attribute("event").value()) == "WorkbookCreated");
    // The event attribute alone means nothing to a 3.8 server: no event.
    const Reply attr_only = f.as(s, "POST", "/api/3.8" + site, webhook_xml("attr", "WorkbookCreated", "", kHttps));
    CHECK(attr_only.status == 400);
    CHECK(code_of(attr_only) == "400000");
    // AdminPromoted arrived with 2021.1 (API 3.11).
    const std::string promoted = "webhook-event-user-promoted-admin";
    const Reply at310 = f.as(s, "POST", "/api/3.10" + site, webhook_xml("admin-a", "", promoted, kHttps));
    CHECK(at310.status == 400);
    CHECK(code_of(at310) == "400000");
    CHECK(f.as(s, "POST", "/api/3.11" + site, webhook_xml("admin-b", "", promoted, kHttps)).status == 201);
}
