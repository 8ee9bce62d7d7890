// The adaptive concurrency limit as a pure function of (outcomes, time) → limit and not-before time.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <vector>

#include "apply/adaptive_limit.hpp"

using namespace tabhook::apply;
using namespace std::chrono_literals;

namespace {

const AdaptiveLimit::TimePoint t0 = AdaptiveLimit::TimePoint{} + 1000s;

// Starts `n` requests and finishes them all with `outcome`, in order.
void round(AdaptiveLimit& l, int n, RequestOutcome outcome, AdaptiveLimit::TimePoint now = t0) {
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < n; ++i) seqs.push_back(l.start());
    for (const auto s : seqs) l.finish(s, outcome, now);
}

// One request started and finished at once.
void one(AdaptiveLimit& l, RequestOutcome outcome, AdaptiveLimit::TimePoint now = t0) {
    l.finish(l.start(), outcome, now);
}

} // namespace

TEST_CASE("adaptive limit: starts at 4, may start below the limit, and grows by one per full window") {
    AdaptiveLimit l;
    CHECK(l.limit() == 4);
    CHECK(l.may_start(t0, 3));
    CHECK_FALSE(l.may_start(t0, 4));
    for (int i = 0; i < 3; ++i) one(l, RequestOutcome::success);
    CHECK(l.limit() == 4); // 3 successes: not yet a full window of 4
    one(l, RequestOutcome::success);
    CHECK(l.limit() == 5);
    for (int i = 0; i < 4; ++i) one(l, RequestOutcome::success);
    CHECK(l.limit() == 5); // the next window is 5 long
    one(l, RequestOutcome::success);
    CHECK(l.limit() == 6);
    CHECK(l.peak() == 6);
}

TEST_CASE("adaptive limit: never above max (64 by default), however many successes") {
    AdaptiveLimit l;
    // 4 + 5 + … + 63 = 2010 successes reach 64; many more must not pass it.
    for (int i = 0; i < 5000; ++i) one(l, RequestOutcome::success);
    CHECK(l.limit() == 64);
    CHECK(l.peak() == 64);
    AdaptiveLimit small({.initial = 2, .min = 1, .max = 3});
    for (int i = 0; i < 100; ++i) one(small, RequestOutcome::success);
    CHECK(small.limit() == 3);
}

TEST_CASE("adaptive limit: a 429 or 503 halves it, rounded down, never below 1") {
    AdaptiveLimit l({.initial = 11});
    one(l, RequestOutcome::throttled);
    CHECK(l.limit() == 5);
    one(l, RequestOutcome::throttled);
    CHECK(l.limit() == 2);
    one(l, RequestOutcome::throttled);
    CHECK(l.limit() == 1);
    one(l, RequestOutcome::throttled);
    CHECK(l.limit() == 1);
    CHECK(l.peak() == 11); // the peak remembers
    CHECK_FALSE(l.may_start(t0, 1));
    CHECK(l.may_start(t0, 0));
}

TEST_CASE("adaptive limit: one decrease per round trip, whatever number of in-flight requests get 429") {
    AdaptiveLimit l({.initial = 16});
    std::vector<std::uint64_t> in_flight;
    for (int i = 0; i < 16; ++i) in_flight.push_back(l.start());
    // All 16 were sent at limit 16 and all come back 429: that is one signal, not sixteen.
    for (const auto s : in_flight) l.finish(s, RequestOutcome::throttled, t0);
    CHECK(l.limit() == 8);
    CHECK(l.decreases() == 1);
    // A request started after the decrease that gets a 429 is a new signal.
    one(l, RequestOutcome::throttled);
    CHECK(l.limit() == 4);
    CHECK(l.decreases() == 2);
}

TEST_CASE("adaptive limit: a 429 of an old request after a newer one's decrease does not halve again") {
    AdaptiveLimit l({.initial = 8});
    const auto old_request = l.start();
    one(l, RequestOutcome::throttled); // started later, answered first
    CHECK(l.limit() == 4);
    l.finish(old_request, RequestOutcome::throttled, t0);
    CHECK(l.limit() == 4);
}

TEST_CASE("adaptive limit: successes of requests sent before a decrease do not count towards growth") {
    AdaptiveLimit l({.initial = 8});
    std::vector<std::uint64_t> before;
    for (int i = 0; i < 8; ++i) before.push_back(l.start());
    one(l, RequestOutcome::throttled); // limit 4, and the 8 above were sent under limit 8
    for (const auto s : before) l.finish(s, RequestOutcome::success, t0);
    CHECK(l.limit() == 4);
    round(l, 4, RequestOutcome::success); // a full window sent at 4
    CHECK(l.limit() == 5);
}

TEST_CASE("adaptive limit: a decrease restarts the count of successes") {
    AdaptiveLimit l({.initial = 8});
    for (int i = 0; i < 7; ++i) one(l, RequestOutcome::success);
    one(l, RequestOutcome::throttled); // 7 of 8 successes, then a 429: no growth, halved
    CHECK(l.limit() == 4);
    for (int i = 0; i < 3; ++i) one(l, RequestOutcome::success);
    CHECK(l.limit() == 4);
    one(l, RequestOutcome::success);
    CHECK(l.limit() == 5);
}

TEST_CASE("adaptive limit: other failures are neutral, and do not break a run of successes") {
    AdaptiveLimit l;
    for (int i = 0; i < 3; ++i) one(l, RequestOutcome::success);
    for (int i = 0; i < 10; ++i) one(l, RequestOutcome::other);
    CHECK(l.limit() == 4);
    one(l, RequestOutcome::success);
    CHECK(l.limit() == 5);
    CHECK(l.not_before() == AdaptiveLimit::TimePoint{});
}

TEST_CASE("adaptive limit: Retry-After holds every new request until now + Retry-After, and never shrinks") {
    AdaptiveLimit l({.initial = 8});
    CHECK(l.may_start(t0, 0));
    l.finish(l.start(), RequestOutcome::throttled, t0, std::chrono::seconds(3));
    CHECK(l.not_before() == t0 + 3s);
    CHECK_FALSE(l.may_start(t0, 0));
    CHECK_FALSE(l.may_start(t0 + 2999ms, 0));
    CHECK(l.may_start(t0 + 3s, 0));
    // A shorter Retry-After later does not shorten the wait; a longer one extends it, even from a request
    // whose 429 does not halve the limit again (it was in flight).
    const auto in_flight = l.start();
    l.finish(l.start(), RequestOutcome::throttled, t0 + 1s, std::chrono::seconds(1));
    CHECK(l.not_before() == t0 + 3s);
    CHECK(l.limit() == 2);
    l.finish(in_flight, RequestOutcome::throttled, t0 + 2s, std::chrono::seconds(5));
    CHECK(l.not_before() == t0 + 7s);
    CHECK(l.limit() == 2);
    // A 503's Retry-After counts as well, and so does one on a request the caller calls a success.
    one(l, RequestOutcome::success, t0 + 8s);
    l.finish(l.start(), RequestOutcome::success, t0 + 8s, std::chrono::seconds(2));
    CHECK(l.not_before() == t0 + 10s);
}

TEST_CASE("adaptive limit: a fixed --parallel N is min = max = initial = N and never moves") {
    AdaptiveLimit fixed({.initial = 16, .min = 16, .max = 16});
    for (int i = 0; i < 100; ++i) one(fixed, RequestOutcome::success);
    CHECK(fixed.limit() == 16);
    round(fixed, 16, RequestOutcome::throttled);
    CHECK(fixed.limit() == 16);
    fixed.finish(fixed.start(), RequestOutcome::throttled, t0, std::chrono::seconds(2));
    CHECK_FALSE(fixed.may_start(t0 + 1s, 0)); // still honours Retry-After
}

TEST_CASE("adaptive limit: bounds are normalised") {
    CHECK(AdaptiveLimit({.initial = 100, .min = 1, .max = 64}).limit() == 64);
    CHECK(AdaptiveLimit({.initial = 0, .min = 0, .max = 64}).limit() == 1);
    CHECK(AdaptiveLimit({.initial = 4, .min = 10, .max = 5}).limit() == 10); // max raised to min
}

TEST_CASE("adaptive limit: a trace of a rate-limited server settles below the limit it first reached") {
    // A server that answers 429 to every round with more than 12 requests in flight. Each round sends a
    // full window, all finished at once: the limit climbs 4, 5, …, then saws between 6 and 13.
    AdaptiveLimit l;
    std::vector<int> limits;
    for (int r = 0; r < 200; ++r) {
        const int n = l.limit();
        round(l, n, n > 12 ? RequestOutcome::throttled : RequestOutcome::success, t0 + std::chrono::seconds(r));
        limits.push_back(l.limit());
    }
    CHECK(l.peak() == 13);
    CHECK(l.decreases() >= 10);
    for (std::size_t i = 50; i < limits.size(); ++i) {
        INFO("round " << i);
        CHECK(limits[i] >= 6);
        CHECK(limits[i] <= 13);
    }
}
