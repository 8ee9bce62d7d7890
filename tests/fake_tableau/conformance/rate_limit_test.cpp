// --rate-limit N: a token bucket per site; 429 with Retry-After over it; the count in /_fake/requests.
#include "harness.hpp"
#include "rate_limit.hpp"

#include <catch2/catch.hpp>

using namespace conformance;
using namespace std::chrono_literals;

namespace {
const fake::SteadyClock::time_point t0 = fake::SteadyClock::time_point{} + 100s;

fake::Options limited(int per_second) {
    fake::Options o;
    o.rate_limit = per_second;
    return o;
}

std::string code_of(const Reply& r) {
    if (r.header("content-type").find("json") != std::string::npos) return r.json()["error"]["code"];
    return find(*r.xml(), "error").attribute("code").value();
}
} // namespace

TEST_CASE("rate limiter: a bucket of N per key, refilled at N per second, with Retry-After rounded up") {
    fake::RateLimiter l(4);
    for (int i = 0; i < 4; ++i) CHECK_FALSE(l.take("a", t0)); // the burst
    CHECK(l.take("a", t0) == 1);                              // 250 ms to the next token → 1 s
    CHECK_FALSE(l.take("b", t0));                             // another site has its own bucket
    CHECK(l.take("a", t0 + 249ms) == 1);
    CHECK_FALSE(l.take("a", t0 + 250ms)); // one token back after 1/N s
    CHECK(l.take("a", t0 + 250ms) == 1);
    // Idle time refills at most a whole bucket.
    for (int i = 0; i < 4; ++i) CHECK_FALSE(l.take("a", t0 + 1h));
    CHECK(l.take("a", t0 + 1h) == 1);
    // reset() fills every bucket again.
    l.reset();
    CHECK_FALSE(l.take("a", t0 + 1h));
}

TEST_CASE("rate limiter: refill is continuous and exact, and no limit means no limit") {
    fake::RateLimiter l(3); // a token every 333.33… ms
    for (int i = 0; i < 3; ++i) CHECK_FALSE(l.take("s", t0));
    CHECK(l.take("s", t0 + 333ms) == 1);
    CHECK(l.take("s", t0 + 333333333ns) == 1); // a hair short of one token
    CHECK_FALSE(l.take("s", t0 + 333333334ns));
    // 1 s after that, exactly 3 tokens are back, not 4.
    for (int i = 0; i < 3; ++i) CHECK_FALSE(l.take("s", t0 + 1333333334ns));
    CHECK(l.take("s", t0 + 1333333334ns));
    fake::RateLimiter none(0);
    for (int i = 0; i < 1000; ++i) CHECK_FALSE(none.take("s", t0));
}

TEST_CASE("the rate-limit flag parses, 0 is none, negative and huge values are refused") {
    std::string msg;
    bool help = false;
    const char* ok[] = {"fake-tableau", "--rate-limit", "50"};
    const auto o = fake::parse_options(3, ok, msg, help);
    REQUIRE(o);
    CHECK(o->rate_limit == 50);
    CHECK(fake::Options{}.rate_limit == 0);
    for (const char* v : {"-1", "x", "1000001", ""}) {
        const char* bad[] = {"fake-tableau", "--rate-limit", v};
        INFO(v);
        CHECK_FALSE(fake::parse_options(3, bad, msg, help));
    }
    CHECK(fake::usage().find("--rate-limit N") != std::string::npos);
    CHECK(fake::usage().find("--switch-site") != std::string::npos);
}

// At 1 request per second a second request right after the first finds the bucket empty: these cases do
// not depend on timing unless a loopback round trip takes a whole second.
TEST_CASE(
    "rate limit 1 per second: the second immediate request on a site is 429 with Retry-After 1 and a Tableau error") {
    Fake f(limited(1));
    const SignedIn s = f.admin("marketing"); // the sign-in counts against marketing
    const Reply xml = f.as(s, "GET", f.hooks(s));
    CHECK(xml.status == 429);
    CHECK(xml.header("retry-after") == "1");
    CHECK(code_of(xml) == "429000");
    CHECK(std::string(find(*xml.xml(), "summary").text().get()) == "Too Many Requests");
    const Reply json = f.as(s, "GET", f.hooks(s), "", true);
    CHECK(json.status == 429);
    CHECK(json.header("retry-after") == "1");
    CHECK(json.json()["error"]["code"] == "429000");
    const Json log = f.control_get("/_fake/requests");
    CHECK(log["rate_limited"] == 2);
    CHECK(log["requests"].back()["status"] == 429);
    CHECK_FALSE(log["requests"].back().contains("fault"));
    CHECK(log["dropped"] == 0); // the existing fields are unchanged
}

TEST_CASE("rate limit: each site has its own bucket, serverinfo, sign-out and unknown sites count against none") {
    Fake f(limited(1));
    const SignedIn m = f.admin("marketing");
    CHECK(f.as(m, "GET", f.hooks(m)).status == 429);
    const SignedIn pw = f.sign_in_password("", "admin", "admin-password"); // the default site's bucket
    CHECK(f.as(pw, "GET", f.hooks(pw)).status == 429);
    for (int i = 0; i < 5; ++i) CHECK(f.http().get("/api/3.24/serverinfo").status == 200);
    // An unknown site id counts against nothing and gets its ordinary answer.
    CHECK(f.as(m, "GET", f.api("/sites/00000000-0000-0000-0000-000000000000/webhooks")).status == 404);
    CHECK(f.as(m, "GET", f.api("/sites/00000000-0000-0000-0000-000000000000/webhooks")).status == 404);
    // Sign-out is never held back.
    CHECK(f.as(m, "POST", f.api("/auth/signout")).status == 204);
    CHECK(f.as(pw, "POST", f.api("/auth/signout")).status == 204);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 2);
}

TEST_CASE("rate limit: a request over the limit is not executed and leaves faults untouched") {
    Fake f(limited(1));
    REQUIRE(f.control("POST", "/_fake/faults", R"({"kind":"error","status":500,"path":"/api/*/sites/**"})").status ==
            201);
    const SignedIn s = f.admin("marketing");
    const Reply r = f.as(s, "POST", f.hooks(s), webhook_xml("held", "WorkbookCreated", "", "https://x.example.com/h"));
    CHECK(r.status == 429);
    CHECK(f.control_get("/_fake/webhooks")["webhooks"].empty());
    CHECK(f.control_get("/_fake/faults")["faults"][0]["hits"] == 0);
}

TEST_CASE("rate limit: switchSite counts against the site switched to") {
    Fake f(limited(1));
    const SignedIn m = f.admin("marketing");
    const Reply r = f.as(m, "POST", f.api("/auth/switchSite"), "<tsRequest><site contentUrl=\"\"/></tsRequest>");
    REQUIRE(r.status == 200); // the default site's bucket was full
    const SignedIn def{find(*r.xml(), "credentials").attribute("token").value(),
                       find(*r.xml(), "site").attribute("id").value(), ""};
    CHECK(f.as(def, "GET", f.hooks(def)).status == 429);
}

TEST_CASE("rate limit N allows a burst of N, then refuses") {
    Fake f(limited(5));
    const SignedIn s = f.admin("marketing"); // 1 of 5
    int ok = 1;
    int limited_count = 0;
    for (int i = 0; i < 30 && limited_count == 0; ++i) {
        const int status = f.as(s, "GET", f.hooks(s)).status;
        ok += status == 200;
        limited_count += status == 429;
    }
    CHECK(ok >= 5); // the bucket starts full
    CHECK(limited_count == 1);
}

TEST_CASE("the 429 count includes rate_limit faults, reset and DELETE /_fake/requests zero it, reset refills") {
    Fake f(limited(1));
    const SignedIn s = f.admin("marketing");
    CHECK(f.as(s, "GET", f.hooks(s)).status == 429);
    REQUIRE(f.control("POST", "/_fake/faults", R"({"kind":"rate_limit","path":"/api/*/serverinfo"})").status == 201);
    CHECK(f.http().get("/api/3.24/serverinfo").status == 429);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 2);
    REQUIRE(f.control("DELETE", "/_fake/requests").status == 200);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 0);
    CHECK(f.as(s, "GET", f.hooks(s)).status == 429);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 1);
    REQUIRE(f.control("POST", "/_fake/reset").status == 200);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 0);
    const SignedIn again = f.admin("marketing"); // a full bucket again: this sign-in would be 429 otherwise
    CHECK(f.as(again, "GET", f.hooks(again)).status == 429);
}

TEST_CASE("without --rate-limit nothing is limited and the count stays 0") {
    Fake f;
    const SignedIn s = f.admin("marketing");
    for (int i = 0; i < 50; ++i) REQUIRE(f.as(s, "GET", f.hooks(s)).status == 200);
    CHECK(f.control_get("/_fake/requests")["rate_limited"] == 0);
}
