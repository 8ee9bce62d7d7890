// The server profile (assumption-matrix rows test-result, list-order, created-at and the json-* rows): each
// value behaves as named, and the default is the behaviour the rest of the suite pins.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace conformance;

namespace {

const char* kHttps = "https://hooks.example.com/tableau/abc";

fake::Options with(void (*set)(fake::ServerProfile&)) {
    fake::Options o;
    set(o.profile);
    return o;
}

std::vector<std::string> listed_ids(Fake& f, const SignedIn& s, bool json) {
    std::vector<std::string> ids;
    const Reply r = f.as(s, "GET", f.hooks(s), "", json);
    REQUIRE(r.status == 200);
    if (json) {
        const Json doc = r.json();
        for (const auto& w : doc["webhooks"]["webhook"]) ids.push_back(w["id"]);
        return ids;
    }
    const auto doc = r.xml();
    for (auto w = find(*doc, "webhooks").first_child(); w; w = w.next_sibling())
        ids.push_back(w.attribute("id").value());
    return ids;
}

std::vector<std::string> create_three(Fake& f, const SignedIn& s) {
    return {f.create_webhook(s, "a", "WorkbookCreated", kHttps), f.create_webhook(s, "b", "WorkbookCreated", kHttps),
            f.create_webhook(s, "c", "WorkbookCreated", kHttps)};
}

Json received(Fake& f, const std::string& name) { return f.control_get("/_fake/receiver/" + name)["requests"]; }

} // namespace

TEST_CASE("profile test-result status (default): status and body of the receiver's answer, receiver contacted") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "t", "WorkbookCreated", f.receiver_url("r", "status=202&body=hi"));
    const Reply x = f.as(s, "GET", f.hooks(s, "/" + id + "/test"));
    REQUIRE(x.status == 200);
    CHECK(find(*x.xml(), "webhookTestResult").attribute("status").as_int() == 202);
    const Json j = f.as(s, "GET", f.hooks(s, "/" + id + "/test"), "", true).json()["webhookTestResult"];
    CHECK(j["status"] == 202);
    CHECK(j["body"] == "hi");
    CHECK(received(f, "r").size() == 2);
}

TEST_CASE("profile test-result no-status: webhookTestResult has no status attribute or key, body still there") {
    Fake f(with([](fake::ServerProfile& p) { p.test_result = fake::TestResult::no_status; }));
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "t", "WorkbookCreated", f.receiver_url("r", "status=500&body=down"));
    const Reply x = f.as(s, "GET", f.hooks(s, "/" + id + "/test"));
    REQUIRE(x.status == 200);
    const auto doc = x.xml(); // the node below points into it
    const auto t = find(*doc, "webhookTestResult");
    CHECK(std::string(t.attribute("id").value()) == id);
    CHECK_FALSE(t.attribute("status"));
    CHECK(std::string(find(t, "body").text().get()) == "down");
    const Reply jr = f.as(s, "GET", f.hooks(s, "/" + id + "/test"), "", true);
    REQUIRE(jr.status == 200);
    const Json j = jr.json()["webhookTestResult"];
    CHECK_FALSE(j.contains("status"));
    CHECK(j["body"] == "down");
    CHECK(received(f, "r").size() == 2); // the receiver is still contacted
}

TEST_CASE("profile test-result agent-404: 200 with status 404, body \"agent not found\", receiver never contacted") {
    Fake f(with([](fake::ServerProfile& p) { p.test_result = fake::TestResult::agent_404; }));
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "t", "WorkbookCreated", f.receiver_url("r", "status=200&body=ok"));
    const Reply x = f.as(s, "GET", f.hooks(s, "/" + id + "/test"));
    REQUIRE(x.status == 200);
    const auto doc = x.xml(); // the node below points into it
    const auto t = find(*doc, "webhookTestResult");
    CHECK(t.attribute("status").as_int() == 404);
    CHECK(std::string(find(t, "body").text().get()) == "agent not found");
    const Reply jr = f.as(s, "GET", f.hooks(s, "/" + id + "/test"), "", true);
    REQUIRE(jr.status == 200);
    CHECK(jr.json()["webhookTestResult"]["status"] == 404);
    CHECK(jr.json()["webhookTestResult"]["body"] == "agent not found");
    CHECK(received(f, "r").empty());
    CHECK(f.control_get("/_fake/deliveries?webhook_id=" + id)["deliveries"].empty());
    // An unknown webhook is still the Test endpoint's own error, not an agent answer.
    CHECK(f.as(s, "GET", f.hooks(s, "/00000000-0000-4000-8000-000000000000/test")).status == 400);
}

TEST_CASE("profile list-order created (default) and reversed, in XML and JSON") {
    {
        Fake f;
        const SignedIn s = f.admin();
        const auto ids = create_three(f, s);
        CHECK(listed_ids(f, s, false) == ids);
        CHECK(listed_ids(f, s, true) == ids);
    }
    Fake f(with([](fake::ServerProfile& p) { p.list_order = fake::ListOrder::reversed; }));
    const SignedIn s = f.admin();
    const auto ids = create_three(f, s);
    const std::vector<std::string> reversed(ids.rbegin(), ids.rend());
    CHECK(listed_ids(f, s, false) == reversed);
    CHECK(listed_ids(f, s, true) == reversed);
}

TEST_CASE("profile list-order shuffled: never the creation order, a new order drawn for each list") {
    Fake f(with([](fake::ServerProfile& p) { p.list_order = fake::ListOrder::shuffled; }));
    const SignedIn s = f.admin();
    const auto ids = create_three(f, s);
    const std::set<std::string> all(ids.begin(), ids.end());
    std::set<std::vector<std::string>> seen;
    for (int i = 0; i < 40; ++i) {
        const auto got = listed_ids(f, s, i % 2 == 1);
        CHECK(got != ids);
        CHECK(std::set<std::string>(got.begin(), got.end()) == all); // every webhook, once
        CHECK(got.size() == 3);
        seen.insert(got);
    }
    // 5 orders are possible; 40 draws that all came out the same would be a fixed order (chance 5^-39).
    CHECK(seen.size() > 1);
}

TEST_CASE("profile created-at absent (default) and present: createdAt/updatedAt on webhooks in XML and JSON") {
    {
        Fake f;
        const SignedIn s = f.admin();
        const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
        CHECK_FALSE(find(*f.as(s, "GET", f.hooks(s)).xml(), "webhook").attribute("createdAt"));
        CHECK_FALSE(f.as(s, "GET", f.hooks(s, "/" + id), "", true).json()["webhook"].contains("createdAt"));
    }
    Fake f(with([](fake::ServerProfile& p) { p.created_at = fake::CreatedAt::present; }));
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const auto xml_list = f.as(s, "GET", f.hooks(s)).xml(); // the node below points into it
    const auto w = find(*xml_list, "webhook");
    const std::string created = w.attribute("createdAt").value();
    CHECK(created.size() == 20); // 2026-12-03T15:40:00Z
    CHECK(created.back() == 'Z');
    CHECK(std::string(w.attribute("updatedAt").value()).size() == 20);
    const Json j = f.as(s, "GET", f.hooks(s, "/" + id), "", true).json()["webhook"];
    CHECK(j["createdAt"] == created);
    CHECK(j.contains("updatedAt"));
    const Json listed = f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"];
    CHECK(listed[0]["createdAt"] == created);
}

TEST_CASE("profile json-enabled boolean (default) and string: isEnabled as true/false or \"true\"/\"false\"") {
    {
        Fake f;
        const SignedIn s = f.admin();
        const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
        CHECK(f.as(s, "GET", f.hooks(s, "/" + id), "", true).json()["webhook"]["isEnabled"] == true);
    }
    Fake f(with([](fake::ServerProfile& p) { p.json_enabled = fake::JsonEnabled::string; }));
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    CHECK(f.as(s, "GET", f.hooks(s, "/" + id), "", true).json()["webhook"]["isEnabled"] == "true");
    const Reply off = f.as(s, "PUT", f.hooks(s, "/" + id), R"({"webhook":{"isEnabled":false}})", true);
    REQUIRE(off.status / 100 == 2);
    CHECK(off.json()["webhook"]["isEnabled"] == "false");
    const Json listed = f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"];
    CHECK(listed[0]["isEnabled"] == "false");
    // XML is unchanged: attributes are text anyway.
    CHECK(std::string(find(*f.as(s, "GET", f.hooks(s)).xml(), "webhook").attribute("isEnabled").value()) == "false");
}

TEST_CASE("profile json-error-code string (default) and number: the error code's JSON type") {
    const auto code_of = [](Fake& f) {
        const SignedIn s = f.admin();
        const Reply r = f.as(s, "GET", f.hooks(s, "/00000000-0000-4000-8000-000000000000"), "", true);
        CHECK(r.status == 404);
        return r.json()["error"]["code"];
    };
    {
        Fake f;
        CHECK(code_of(f) == "404050");
    }
    Fake f(with([](fake::ServerProfile& p) { p.json_error_code = fake::JsonErrorCode::number; }));
    const Json code = code_of(f);
    CHECK(code.is_number_integer());
    CHECK(code == 404050);
    // A sign-in error too; the XML answer keeps its attribute text.
    const Reply bad = f.http().request("POST", f.api("/auth/signin"),
                                       R"({"credentials":{"personalAccessTokenName":"tabhook-ci",)"
                                       R"("personalAccessTokenSecret":"wrong","site":{"contentUrl":"marketing"}}})",
                                       "application/json", {{"Accept", "application/json"}});
    CHECK(bad.status == 401);
    CHECK(bad.json()["error"]["code"] == 401001);
    const SignedIn s = f.admin();
    const Reply x = f.as(s, "GET", f.hooks(s, "/00000000-0000-4000-8000-000000000000"));
    CHECK(std::string(find(*x.xml(), "error").attribute("code").value()) == "404050");
}

TEST_CASE("profile json-single-item array (default) and object: a one-webhook JSON list") {
    {
        Fake f;
        const SignedIn s = f.admin();
        f.create_webhook(s, "a", "WorkbookCreated", kHttps);
        CHECK(f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"].is_array());
    }
    Fake f(with([](fake::ServerProfile& p) { p.json_single_item = fake::JsonSingleItem::object; }));
    const SignedIn s = f.admin();
    CHECK(f.as(s, "GET", f.hooks(s), "", true).json() == Json::parse(R"({"webhooks":{}})"));
    const std::string a = f.create_webhook(s, "a", "WorkbookCreated", kHttps);
    const Json one = f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"];
    REQUIRE(one.is_object());
    CHECK(one["id"] == a);
    f.create_webhook(s, "b", "WorkbookCreated", kHttps);
    const Json two = f.as(s, "GET", f.hooks(s), "", true).json()["webhooks"]["webhook"];
    REQUIRE(two.is_array()); // two or more stay an array
    CHECK(two.size() == 2);
}
