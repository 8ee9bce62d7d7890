#pragma once
// `--parallel auto`: how many requests may be in flight to one site, learned from the server's answers.
// A value type with no clock, no threads and no I/O: its inputs are (request started, request ended with an
// outcome at `now`) events and its outputs are the current limit and the time before which no new request
// may start. Whoever owns the requests (the executor) serialises the calls and supplies `now`.
//
// The rule is TCP's congestion avoidance (AIMD), counted in requests instead of bytes:
// - it starts at `initial` (4) and stays within [min, max] ([1, 64]);
// - additive increase: after `limit` consecutive successes (one full window) the limit grows by 1. Only
//   requests started since the last decrease count: those sent before it were sent under the old limit;
// - multiplicative decrease: a 429 or a 503 halves it (rounded down, never below `min`), at most once per
//   round trip: the requests already in flight when the decrease happened were sent under the old limit,
//   so their 429s say nothing new and do not halve it again. Requests are told apart by the sequence
//   number start() hands out;
// - Retry-After (on a 429 or a 503, from any request) holds the whole site: no request may start before
//   `now + retry_after`. A later, shorter Retry-After never shortens the wait;
// - every other outcome (another 4xx or 5xx, a timeout, a dropped connection) is neutral: it neither grows
//   nor shrinks the limit and does not break a run of successes. Those are the retry policy's business.
// A fixed `--parallel N` is the same type with initial = min = max = N: it never moves, and still honours
// Retry-After.
//
// apply/executor runs one per site and feeds it every HTTP attempt (executor.hpp says how).
#include <chrono>
#include <cstdint>
#include <optional>

namespace tabhook::apply {

struct AdaptiveLimitConfig {
    int initial = 4;
    int min = 1;
    int max = 64;
};

enum class RequestOutcome {
    success,   // a 2xx (or any answer that shows the server coped: the caller decides)
    throttled, // 429 or 503: the server asks for less
    other,     // any other failure: neutral
};

class AdaptiveLimit {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    using Duration = std::chrono::steady_clock::duration;

    // Bounds are normalised: min >= 1, max >= min, initial clamped into [min, max].
    explicit AdaptiveLimit(AdaptiveLimitConfig config = {});

    // A request starts; returns its sequence number, to be given back to finish().
    std::uint64_t start() { return next_seq_++; }

    // The request `seq` ended at `now` with `outcome`; `retry_after` is the server's Retry-After, if any
    // (honoured whatever the outcome says).
    void finish(std::uint64_t seq, RequestOutcome outcome, TimePoint now,
                std::optional<Duration> retry_after = std::nullopt);

    // How many requests may be in flight now.
    int limit() const { return limit_; }
    // The highest limit reached so far (what -v and /metrics report).
    int peak() const { return peak_; }
    // No request may start before this (the epoch until a Retry-After arrives).
    TimePoint not_before() const { return not_before_; }
    // Whether one more request may start at `now` with `in_flight` requests running.
    bool may_start(TimePoint now, int in_flight) const { return now >= not_before_ && in_flight < limit_; }

    int decreases() const { return decreases_; }

  private:
    AdaptiveLimitConfig config_;
    int limit_;
    int peak_;
    int successes_ = 0; // consecutive successes counted towards the next increase
    std::uint64_t next_seq_ = 0;
    std::uint64_t window_start_ = 0; // requests with a smaller seq started before the last decrease
    TimePoint not_before_{};
    int decreases_ = 0;
};

} // namespace tabhook::apply
