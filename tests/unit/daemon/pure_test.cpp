// The daemon's pure parts: the schedule, log lines, the notify protocol's messages, the listen
// address, the lock file name.
#include <catch2/catch.hpp>

#include "daemon/instance_lock.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/schedule.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/status_server.hpp"

using namespace tabhook::daemon;
using std::chrono::milliseconds;

TEST_CASE("the next cycle comes after the interval with at most 10% jitter") {
    const auto o = schedule_for(milliseconds(300'000));
    CHECK(next_delay(o, 0, 0.5) == milliseconds(300'000));
    CHECK(next_delay(o, 0, 0.0) == milliseconds(270'000));
    CHECK(next_delay(o, 0, 0.999999) >= milliseconds(329'000));
    CHECK(next_delay(o, 0, 0.999999) <= milliseconds(330'000));
}

TEST_CASE("failed cycles back off exponentially up to a cap") {
    const auto o = schedule_for(milliseconds(300'000));
    CHECK(next_delay(o, 1, 0.5) == milliseconds(10'000));
    CHECK(next_delay(o, 2, 0.5) == milliseconds(20'000));
    CHECK(next_delay(o, 3, 0.5) == milliseconds(40'000));
    CHECK(next_delay(o, 10, 0.5) == milliseconds(300'000));
    CHECK(next_delay(o, 1000, 0.5) == milliseconds(300'000));
    // A short interval backs off from the interval itself.
    const auto fast = schedule_for(milliseconds(200));
    CHECK(next_delay(fast, 1, 0.5) == milliseconds(200));
    CHECK(next_delay(fast, 2, 0.5) == milliseconds(400));
}

TEST_CASE("log values are quoted only when they need it, and stay on one line") {
    CHECK(logfmt_value("marketing") == "marketing");
    CHECK(logfmt_value("") == "\"\"");
    CHECK(logfmt_value("two words") == "\"two words\"");
    CHECK(logfmt_value("say \"hi\"\nback\\slash") == "\"say \\\"hi\\\"\\nback\\\\slash\"");
    CHECK(LogLine("warn", "drift").kv("site", "m").kv("n", 3).str() == "level=warn msg=drift site=m n=3");
}

TEST_CASE("log values show DEL, C1 and bidi controls instead of passing them to a terminal") {
    CHECK(logfmt_value("a\x7f") == "\"a\\x7f\"");
    CHECK(logfmt_value("a\xc2\x9b"
                       "2J") == "\"a\\u009b2J\"");
    CHECK(logfmt_value("a\x9b"
                       "2J") == "\"a\\x9b2J\"");
    CHECK(logfmt_value("gitops-\xe2\x80\xae"
                       "fdp") == "\"gitops-\\u202efdp\"");
    CHECK(logfmt_value("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("each drift finding is one log line with its classes and reasons") {
    tabhook::plan::SitePlan p;
    p.site = "marketing";
    tabhook::plan::Change c;
    c.action = tabhook::plan::Action::replace;
    c.name = "gitops-a";
    c.live = tabhook::model::LiveWebhook{};
    c.live->id = "id-1";
    c.drift = {tabhook::plan::Drift::changed, tabhook::plan::Drift::disabled};
    c.reasons = {"url changed: https://a/…#1 → https://b/…#2", "disabled on server: failing"};
    p.changes.push_back(c);
    const auto lines = drift_log_lines(p);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] ==
          "level=warn msg=drift site=marketing webhook=gitops-a id=id-1 class=changed+disabled-on-server "
          "repair=replace reason=\"url changed: https://a/…#1 → https://b/…#2; disabled on server: failing\"");
}

TEST_CASE("status messages are one line") { CHECK(status_message("a\nb") == "STATUS=a b"); }

TEST_CASE("listen addresses") {
    auto a = parse_listen("127.0.0.1:9464");
    REQUIRE(a);
    CHECK(a->host == "127.0.0.1");
    CHECK(a->port == 9464);
    a = parse_listen("[::1]:0");
    REQUIRE(a);
    CHECK(a->host == "::1");
    CHECK(a->port == 0);
    CHECK_FALSE(parse_listen("9464"));
    CHECK_FALSE(parse_listen("host:"));
    CHECK_FALSE(parse_listen("host:70000"));
    CHECK_FALSE(parse_listen("::1:80"));
}

TEST_CASE("the lock file name depends on the set of absolute manifest paths only") {
    const auto a = lock_file_name({"/etc/tabhook/a", "/etc/tabhook/b"});
    CHECK(a == lock_file_name({"/etc/tabhook/b", "/etc/tabhook/a/"}));
    CHECK(a == lock_file_name({"/etc/tabhook/./b", "/etc/tabhook/a", "/etc/tabhook/a"}));
    CHECK(a != lock_file_name({"/etc/tabhook/a"}));
    CHECK(a.rfind("tabhook-run-", 0) == 0);
}
