// Test a Webhook and event delivery: loopback only, bounded, retried, never deadlocked.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace conformance;

namespace {

struct TestResult {
    std::string id;
    int status = 0;
    std::string body;
};

TestResult run_test(Fake& f, const SignedIn& s, const std::string& id, bool json = false) {
    const Reply r = f.as(s, "GET", f.hooks(s, "/" + id + "/test"), "", json);
    INFO(r.body);
    REQUIRE(r.status == 200);
    if (json) {
        const Json t = r.json()["webhookTestResult"];
        return {t["id"], t["status"].get<int>(), t["body"]};
    }
    const auto doc = r.xml();
    const auto t = find(*doc, "webhookTestResult");
    return {t.attribute("id").value(), t.attribute("status").as_int(), find(t, "body").text().get()};
}

Json received(Fake& f, const std::string& name) { return f.control_get("/_fake/receiver/" + name)["requests"]; }

} // namespace

TEST_CASE("Test a Webhook POSTs an empty body to the destination and relays its status and body") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "t", "WorkbookCreated", f.receiver_url("r1", "body=hello"));
    const TestResult t = run_test(f, s, id);
    CHECK(t.id == id);
    CHECK(t.status == 200);
    CHECK(t.body == "hello");
    const Json got = received(f, "r1");
    REQUIRE(got.size() == 1);
    CHECK(got[0]["method"] == "POST");
    CHECK(got[0]["body"] == "");

    const std::string failing = f.create_webhook(s, "u", "WorkbookCreated", f.receiver_url("r2", "status=500"));
    const TestResult bad = run_test(f, s, failing, true);
    CHECK(bad.status == 500);
    CHECK(received(f, "r2").size() == 1);
    // Recorded in the delivery log as a test.
    const Json log = f.control_get("/_fake/deliveries?webhook_id=" + failing)["deliveries"];
    REQUIRE(log.size() == 1);
    CHECK(log[0]["kind"] == "test");
    CHECK(log[0]["status"] == 500);
}

TEST_CASE("deliveries to another loopback server go over a real connection") {
    Fake f;
    Fake other; // a second fake acts as an external receiver on its own port
    const SignedIn s = f.admin();
    const std::string id =
        f.create_webhook(s, "t", "WorkbookCreated", other.receiver_url("ext", "status=202&body=accepted"));
    const TestResult t = run_test(f, s, id);
    CHECK(t.status == 202);
    CHECK(t.body == "accepted");
    const Json got = received(other, "ext");
    REQUIRE(got.size() == 1);
    CHECK(got[0]["user_agent"] == "Tableau-Webhooks (fake-tableau)");
    CHECK(f.control_get("/_fake/deliveries")["stats"]["connections"] == 1);
}

TEST_CASE("an unreachable or slow destination gives a non-2xx result within the delivery timeout") {
    fake::Options o;
    o.delivery_timeout = std::chrono::milliseconds(300);
    Fake f(o);
    Fake slow;
    const SignedIn s = f.admin();
    // A port that was just free: nothing listens there.
    int closed_port = 0;
    {
        Fake gone;
        closed_port = gone.port();
    }
    const std::string refused =
        f.create_webhook(s, "refused", "WorkbookCreated", "http://127.0.0.1:" + std::to_string(closed_port) + "/hook");
    const TestResult r1 = run_test(f, s, refused);
    CHECK(r1.status == 502);
    CHECK(r1.body.find("connection failed") != std::string::npos);

    const std::string remote_slow =
        f.create_webhook(s, "slow", "WorkbookCreated", slow.receiver_url("s", "delay_ms=1500"));
    const TestResult r2 = run_test(f, s, remote_slow);
    CHECK(r2.status == 504);
    CHECK(r2.body.find("timeout") == 0);

    const std::string own_slow = f.create_webhook(s, "own", "WorkbookCreated", f.receiver_url("s", "delay_ms=1500"));
    const TestResult r3 = run_test(f, s, own_slow, true);
    CHECK(r3.status == 504);
}

TEST_CASE("a non-loopback destination is never contacted") {
    Fake f;
    const SignedIn s = f.admin();
    for (const char* url : {"https://hooks.example.com/x", "https://10.1.2.3/x", "https://127.0.0.1.nip.io/x",
                            "https://[2001:db8::1]/x", "https://localhost.example.com/x"}) {
        INFO(url);
        const std::string id = f.create_webhook(s, "remote", "WorkbookCreated", url);
        const TestResult t = run_test(f, s, id);
        CHECK(t.status == 502);
        CHECK(t.body.find("simulated connection failure") == 0);
    }
    // Events to such a webhook are simulated too, with retries, and no connection is ever counted.
    const Reply fired = f.control("POST", "/_fake/events",
                                  R"({"site":"marketing","event":"WorkbookCreated","retry_delays_ms":[0,0,0]})");
    REQUIRE(fired.status == 200);
    CHECK(fired.json()["subscribers"] == 5);
    const Json d = f.control_get("/_fake/deliveries");
    CHECK(d["stats"]["connections"] == 0);
    CHECK(d["stats"]["simulated"] == 5 + 5 * 4);
    for (const auto& rec : d["deliveries"]) CHECK(rec["simulated"] == true);
}

TEST_CASE("Test a Webhook on an unknown id is 400113") {
    Fake f;
    const SignedIn s = f.admin();
    const Reply r = f.as(s, "GET", f.hooks(s, "/00000000-0000-4000-8000-000000000000/test"), "", true);
    CHECK(r.status == 400);
    CHECK(r.json()["error"]["code"] == "400113");
}

TEST_CASE("events are delivered with Tableau's payload to every enabled subscribed webhook of the site") {
    Fake f;
    const SignedIn s = f.admin();
    const SignedIn def = f.sign_in_password("", "admin", "admin-password");
    const std::string a = f.create_webhook(s, "a", "DatasourceRefreshFailed", f.receiver_url("a"));
    f.create_webhook(s, "b", "DatasourceRefreshFailed", f.receiver_url("b"));
    const std::string disabled = f.create_webhook(s, "c", "DatasourceRefreshFailed", f.receiver_url("c"));
    REQUIRE(f.as(s, "PUT", f.hooks(s, "/" + disabled), webhook_xml("c", "", "", "", " isEnabled=\"false\"")).status ==
            201);
    f.create_webhook(s, "d", "WorkbookCreated", f.receiver_url("d"));
    f.create_webhook(def, "e", "DatasourceRefreshFailed", f.receiver_url("e"));

    const Reply fired = f.control("POST", "/_fake/events",
                                  R"({"site":"marketing","event":"webhook-source-event-datasource-refresh-failed",
                                      "resource_name":"Sales","resource_luid":"abc-123"})");
    REQUIRE(fired.status == 200);
    const Json answer = fired.json();
    CHECK(answer["subscribers"] == 2);
    CHECK(answer["deliveries"].size() == 2);
    for (const auto& d : answer["deliveries"]) CHECK(d["delivered"] == true);

    const Json got = received(f, "a");
    REQUIRE(got.size() == 1);
    const Json payload = Json::parse(got[0]["body"].get<std::string>());
    CHECK(payload["event_type"] == "DatasourceRefreshFailed");
    CHECK(payload["resource"] == "EXTRACTS");
    CHECK(payload["resource_name"] == "Sales");
    CHECK(payload["resource_luid"] == "abc-123");
    CHECK(payload["site_luid"] == s.site_id);
    CHECK(payload["created_at"].get<std::string>().size() == 20);
    CHECK(payload.size() == 6);
    CHECK(got[0]["content_type"] == "application/json");
    CHECK(received(f, "b").size() == 1);
    CHECK(received(f, "c").empty());
    CHECK(received(f, "d").empty());
    CHECK(received(f, "e").empty());
    const Json log = f.control_get("/_fake/deliveries?webhook_id=" + a)["deliveries"];
    REQUIRE(log.size() == 1);
    CHECK(log[0]["kind"] == "event");
    CHECK(log[0]["event_id"] == answer["event_id"]);
}

TEST_CASE("a failing receiver gets Tableau's 3 retries (4 attempts), a 2xx stops retrying") {
    Fake f;
    const SignedIn s = f.admin();
    const std::string bad = f.create_webhook(s, "bad", "WorkbookCreated", f.receiver_url("bad", "status=503"));
    f.create_webhook(s, "good", "WorkbookCreated", f.receiver_url("good", "status=204"));
    const Reply fired = f.control("POST", "/_fake/events",
                                  R"({"site":"marketing","event":"WorkbookCreated","retry_delays_ms":[1,2,3]})");
    REQUIRE(fired.status == 200);
    CHECK(received(f, "bad").size() == 4);
    CHECK(received(f, "good").size() == 1);
    const Json log = f.control_get("/_fake/deliveries?webhook_id=" + bad)["deliveries"];
    REQUIRE(log.size() == 4);
    for (int i = 0; i < 4; ++i) {
        CHECK(log[i]["attempt"] == i + 1);
        CHECK(log[i]["status"] == 503);
    }
    const Json deliveries = fired.json()["deliveries"];
    for (const auto& d : deliveries) CHECK(d["attempts"].size() == (d["webhook_name"] == "bad" ? 4U : 1U));
}

TEST_CASE("events can be delivered in the background") {
    fake::Options o;
    o.retry_delays_ms = {5, 5, 5};
    Fake f(o);
    const SignedIn s = f.admin();
    f.create_webhook(s, "bg", "WorkbookCreated", f.receiver_url("bg", "status=500"));
    const Reply fired =
        f.control("POST", "/_fake/events", R"({"site":"marketing","event":"WorkbookCreated","wait":false})");
    REQUIRE(fired.status == 200);
    CHECK(fired.json()["pending"] == true);
    std::size_t seen = 0;
    for (int i = 0; i < 500 && seen < 4; ++i) {
        seen = f.control_get("/_fake/deliveries")["deliveries"].size();
        if (seen < 4) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(seen == 4);
}

TEST_CASE("delivering to the fake's own receiver never deadlocks its worker pool") {
    fake::Options o;
    o.threads = 8;
    o.delivery_timeout = std::chrono::milliseconds(20000);
    Fake f(o);
    const SignedIn s = f.admin();
    const std::string id = f.create_webhook(s, "self", "WorkbookCreated", f.receiver_url("self", "delay_ms=20"));
    // As many concurrent keep-alive clients as workers, each testing the webhook: over HTTP every worker
    // would wait for a receiver worker that does not exist.
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c)
        clients.emplace_back([&] {
            Client cli(f.url());
            for (int i = 0; i < 5; ++i) {
                const Reply r = cli.get(f.hooks(s, "/" + id + "/test"),
                                        {{"X-Tableau-Auth", s.token}, {"Accept", "application/json"}});
                if (r.status == 200 && Json::parse(r.body)["webhookTestResult"]["status"] == 200) ++ok;
            }
        });
    for (auto& t : clients) t.join();
    CHECK(ok == 40);
    CHECK(received(f, "self").size() == 40);
}

TEST_CASE("POST /_fake/events validates its input") {
    Fake f;
    CHECK(f.control("POST", "/_fake/events", "not json").status == 400);
    CHECK(f.control("POST", "/_fake/events", R"({"site":"marketing"})").status == 400);
    CHECK(f.control("POST", "/_fake/events", R"({"site":"marketing","event":"Nope"})").status == 400);
    CHECK(f.control("POST", "/_fake/events", R"({"site":"nowhere","event":"WorkbookCreated"})").status == 404);
    CHECK(f.control("POST", "/_fake/events", R"({"site":"","event":"WorkbookCreated","retry_delays_ms":"x"})").status ==
          400);
    const Reply ok = f.control("POST", "/_fake/events", R"({"site":"","event":"AdminPromoted"})");
    CHECK(ok.status == 200);
    CHECK(ok.json()["payload"]["resource"] == "USER");
}
