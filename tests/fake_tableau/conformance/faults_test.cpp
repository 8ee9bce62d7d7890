// Injected faults: matching by method and path, counts, and each kind.
#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace conformance;

namespace {
const char* kHttps = "https://hooks.example.com/x";

void add_fault(Fake& f, const std::string& json) {
    const Reply r = f.control("POST", "/_fake/faults", json);
    INFO(r.body);
    REQUIRE(r.status == 201);
}

Json last_request(Fake& f) { return f.control_get("/_fake/requests")["requests"].back(); }
} // namespace

TEST_CASE("an error fault answers its status with a Tableau error body, for `count` matching requests") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"error","method":"GET","path":"/api/*/sites/*/webhooks","status":503,"code":"503000",
                     "summary":"Service Unavailable","detail":"maintenance","count":2})");
    for (int i = 0; i < 2; ++i) {
        const Reply r = f.as(s, "GET", f.hooks(s), "", i == 1);
        CHECK(r.status == 503);
        if (i == 0) {
            CHECK(std::string(find(*r.xml(), "error").attribute("code").value()) == "503000");
            CHECK(std::string(find(*r.xml(), "detail").text().get()) == "maintenance");
        } else {
            CHECK(r.json()["error"]["code"] == "503000");
        }
    }
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200); // count used up
    CHECK(last_request(f)["status"] == 200);
    const Json faults = f.control_get("/_fake/faults")["faults"];
    REQUIRE(faults.size() == 1);
    CHECK(faults[0]["hits"] == 2);
}

TEST_CASE("faults match by method and path glob, count -1 is unlimited, DELETE clears them") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"error","method":"POST","path":"/api/**/webhooks","status":500,"count":-1})");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200); // other method
    for (int i = 0; i < 3; ++i)
        CHECK(f.as(s, "POST", f.hooks(s), webhook_xml("a", "WorkbookCreated", "", kHttps)).status == 500);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
    // `*` does not cross '/': this path has one segment too many.
    add_fault(f, R"({"kind":"error","path":"/api/*/webhooks","status":502})");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
    REQUIRE(f.control("DELETE", "/_fake/faults").status == 200);
    CHECK(f.control_get("/_fake/faults")["faults"].empty());
    CHECK(f.as(s, "POST", f.hooks(s), webhook_xml("a", "WorkbookCreated", "", kHttps)).status == 201);
}

TEST_CASE("a rate_limit fault answers 429 with Retry-After") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"rate_limit","path":"/api/**","retry_after":7})");
    const Reply r = f.as(s, "GET", f.hooks(s), "", true);
    CHECK(r.status == 429);
    CHECK(r.header("retry-after") == "7");
    CHECK(r.json()["error"]["code"] == "429000");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
}

TEST_CASE("a drop fault closes the connection without an answer and executes nothing") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"drop","method":"POST","path":"/api/*/sites/*/webhooks"})");
    const Reply r = f.as(s, "POST", f.hooks(s), webhook_xml("dropped", "WorkbookCreated", "", kHttps));
    CHECK(r.status == 0);
    CHECK(!r.error.empty());
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
    const Json log = last_request(f);
    CHECK(log["fault"] == "drop");
    CHECK(log["status"] == 0);
    // The server keeps serving, on a new connection.
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
}

TEST_CASE("a lose_response fault performs the write and then loses the answer") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"lose_response","method":"POST","path":"/api/**"})");
    const Reply r = f.as(s, "POST", f.hooks(s), webhook_xml("written", "WorkbookCreated", "", kHttps));
    CHECK(r.status == 0);
    const Json hooks = f.control_get("/_fake/webhooks")["webhooks"];
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0]["name"] == "written");
    CHECK(last_request(f)["fault"] == "lose_response");
    // Same for a delete: gone, though the client never heard.
    add_fault(f, R"({"kind":"lose_response","method":"DELETE"})");
    CHECK(f.as(s, "DELETE", f.hooks(s, "/" + hooks[0]["id"].get<std::string>())).status == 0);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
}

TEST_CASE("a token_expiry fault expires the caller's session: 401002 now and after") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"token_expiry","path":"/api/*/sites/**"})");
    const Reply r = f.as(s, "GET", f.hooks(s), "", true);
    CHECK(r.status == 401);
    CHECK(r.json()["error"]["code"] == "401002");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 401);
    const SignedIn again = f.admin();
    CHECK(f.as(again, "GET", f.hooks(again)).status == 200);
}

TEST_CASE("a latency fault delays and then answers normally") {
    Fake f;
    const SignedIn s = f.admin();
    add_fault(f, R"({"kind":"latency","latency_ms":50,"method":"GET"})");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 200);
    const Json log = last_request(f);
    CHECK(log["fault"] == "latency");
    CHECK(log["status"] == 200);
    CHECK(f.control_get("/_fake/faults")["faults"][0]["hits"] == 1);
}

TEST_CASE("invalid faults are refused with 400") {
    Fake f;
    for (const char* body :
         {"nope", R"({"kind":"explode"})", R"({"kind":"error","status":200})", R"({"kind":"latency"})",
          R"({"kind":"error","count":0})", R"([{"kind":"drop"},{"kind":1}])"}) {
        INFO(body);
        CHECK(f.control("POST", "/_fake/faults", body).status == 400);
    }
    CHECK(f.control_get("/_fake/faults")["faults"].empty());
    // An array adds several.
    const Reply two = f.control("POST", "/_fake/faults", R"([{"kind":"drop"},{"kind":"error","status":404}])");
    CHECK(two.status == 201);
    CHECK(two.json()["ids"].size() == 2);
}
