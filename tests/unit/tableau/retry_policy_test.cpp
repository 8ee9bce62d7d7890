#include <catch2/catch.hpp>

#include "tableau/retry_policy.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
using std::chrono::milliseconds;
using Verdict = RetryDecision::Verdict;

namespace {

const Jitter kFullBound = [](milliseconds upper) { return upper; };

RetryDecision after_status(Safety safety, int status, int attempt = 1, std::string_view retry_after = "") {
    RetryPolicy policy;
    return decide_retry(policy, safety, AttemptOutcome{std::nullopt, status, retry_after}, attempt, kFullBound);
}

RetryDecision after_transport(Safety safety, TransportError::Kind kind, int attempt = 1) {
    RetryPolicy policy;
    return decide_retry(policy, safety, AttemptOutcome{kind, 0, ""}, attempt, kFullBound);
}

} // namespace

TEST_CASE("retry policy: transient statuses of reads are retried", "[tableau]") {
    for (int status : {429, 502, 503, 504}) {
        INFO(status);
        CHECK(after_status(Safety::replayable, status).verdict == Verdict::retry);
    }
}

TEST_CASE("retry policy: other statuses fail fast", "[tableau]") {
    for (int status : {200, 201, 204, 400, 401, 403, 404, 405, 409, 500}) {
        INFO(status);
        CHECK(after_status(Safety::replayable, status).verdict == Verdict::stop);
        CHECK(after_status(Safety::write, status).verdict == Verdict::stop);
    }
}

TEST_CASE("retry policy: transport failures of reads are retried, except TLS", "[tableau]") {
    CHECK(after_transport(Safety::replayable, TransportError::Kind::connect_failed).verdict == Verdict::retry);
    CHECK(after_transport(Safety::replayable, TransportError::Kind::timed_out).verdict == Verdict::retry);
    CHECK(after_transport(Safety::replayable, TransportError::Kind::connection_dropped).verdict == Verdict::retry);
    CHECK(after_transport(Safety::replayable, TransportError::Kind::tls).verdict == Verdict::stop);
    CHECK(after_transport(Safety::replayable, TransportError::Kind::other).verdict == Verdict::stop);
}

TEST_CASE("retry policy: a write is never replayed blindly", "[tableau]") {
    // Nothing reached the server: safe.
    CHECK(after_transport(Safety::write, TransportError::Kind::connect_failed).verdict == Verdict::retry);
    // The request went out: it may have happened.
    CHECK(after_transport(Safety::write, TransportError::Kind::timed_out).verdict == Verdict::outcome_unknown);
    CHECK(after_transport(Safety::write, TransportError::Kind::connection_dropped).verdict == Verdict::outcome_unknown);
    CHECK(after_transport(Safety::write, TransportError::Kind::other).verdict == Verdict::outcome_unknown);
    CHECK(after_transport(Safety::write, TransportError::Kind::tls).verdict == Verdict::stop);
    // The server refused it: safe. A gateway failure: it may have been forwarded.
    CHECK(after_status(Safety::write, 429).verdict == Verdict::retry);
    CHECK(after_status(Safety::write, 503).verdict == Verdict::retry);
    CHECK(after_status(Safety::write, 502).verdict == Verdict::outcome_unknown);
    CHECK(after_status(Safety::write, 504).verdict == Verdict::outcome_unknown);
}

TEST_CASE("retry policy: stops after max_attempts", "[tableau]") {
    RetryPolicy policy;
    policy.max_attempts = 3;
    const AttemptOutcome busy{std::nullopt, 503, ""};
    CHECK(decide_retry(policy, Safety::replayable, busy, 2, kFullBound).verdict == Verdict::retry);
    CHECK(decide_retry(policy, Safety::replayable, busy, 3, kFullBound).verdict == Verdict::stop);
    // A write timeout stays outcome_unknown whatever the attempt count.
    CHECK(decide_retry(policy, Safety::write, AttemptOutcome{TransportError::Kind::timed_out, 0, ""}, 3, kFullBound)
              .verdict == Verdict::outcome_unknown);
}

TEST_CASE("retry policy: Retry-After in seconds is honoured and capped", "[tableau]") {
    CHECK(after_status(Safety::replayable, 429, 1, "7").delay == milliseconds{7000});
    CHECK(after_status(Safety::write, 503, 1, " 2 ").delay == milliseconds{2000});
    CHECK(after_status(Safety::replayable, 429, 1, "3600").delay == milliseconds{60000});
    CHECK(after_status(Safety::replayable, 429, 1, "99999999999999").delay == milliseconds{60000});
    // Unparseable: plain backoff.
    CHECK(after_status(Safety::replayable, 429, 1, "soon").delay == milliseconds{500});
}

TEST_CASE("retry policy: Retry-After as an HTTP date", "[tableau]") {
    using namespace std::chrono;
    const sys_days day = year{2024} / June / 3;
    const system_clock::time_point now = day + hours{12};
    RetryPolicy policy;
    const auto decide = [&](std::string_view value) {
        return decide_retry(policy, Safety::replayable, AttemptOutcome{std::nullopt, 429, value}, 1, kFullBound, now);
    };
    CHECK(decide("Mon, 03 Jun 2024 12:00:30 GMT").delay == milliseconds{30000});
    CHECK(decide("Mon, 03 Jun 2024 11:00:00 GMT").delay == milliseconds{0});
    CHECK(decide("Tue, 04 Jun 2024 12:00:00 GMT").delay == policy.max_retry_after);
    CHECK_FALSE(parse_retry_after("Mon, 03 Jun 2024 12:00:30 UTC", now).has_value());
    CHECK_FALSE(parse_retry_after("Mon, 31 Feb 2024 12:00:30 GMT", now).has_value());
    CHECK_FALSE(parse_retry_after("", now).has_value());
    CHECK_FALSE(parse_retry_after("-5", now).has_value());
}

TEST_CASE("retry policy: backoff doubles up to the cap", "[tableau]") {
    RetryPolicy policy;
    policy.initial_backoff = milliseconds{100};
    policy.max_backoff = milliseconds{1000};
    CHECK(backoff_bound(policy, 1) == milliseconds{100});
    CHECK(backoff_bound(policy, 2) == milliseconds{200});
    CHECK(backoff_bound(policy, 3) == milliseconds{400});
    CHECK(backoff_bound(policy, 4) == milliseconds{800});
    CHECK(backoff_bound(policy, 5) == milliseconds{1000});
    CHECK(backoff_bound(policy, 1000) == milliseconds{1000});
}

TEST_CASE("retry policy: full jitter stays within [0, bound]", "[tableau]") {
    RetryPolicy policy;
    policy.max_attempts = 100;
    policy.initial_backoff = milliseconds{10};
    policy.max_backoff = milliseconds{80};
    const Jitter jitter = random_jitter();
    bool saw_low = false;
    bool saw_high = false;
    for (int i = 0; i < 2000; ++i) {
        const int attempt = 1 + i % 6;
        const auto d = decide_retry(policy, Safety::replayable, {std::nullopt, 503, ""}, attempt, jitter).delay;
        REQUIRE(d >= milliseconds{0});
        REQUIRE(d <= backoff_bound(policy, attempt));
        saw_low = saw_low || d < milliseconds{5};
        saw_high = saw_high || d > milliseconds{60};
    }
    CHECK(saw_low);
    CHECK(saw_high);
    // An injected source that misbehaves is clamped to the bound.
    const Jitter wild = [](milliseconds) { return milliseconds{1000000}; };
    CHECK(decide_retry(policy, Safety::replayable, {std::nullopt, 503, ""}, 1, wild).delay == milliseconds{10});
}
