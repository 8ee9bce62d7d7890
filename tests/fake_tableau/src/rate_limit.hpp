#pragma once
// --rate-limit N: a token bucket per site, burst N, refilled continuously at N tokens per second. A request
// that finds the bucket of its site empty is answered 429 with Retry-After (the transport does that, before
// faults and before the API sees the request).
//
// What Tableau does is UNCONFIRMED: Tableau Cloud documents 429s (with an HTML body and no Retry-After) only
// for long-running endpoints, 20 concurrent requests per site [KB-429, tableau-api.md §6.4]; webhook
// endpoints are not listed. The per-site rate, the bucket, the Retry-After header and the Tableau error
// body are all assumed: they are what a client that handles 429 must cope with, not a capture.
#include "http_types.hpp"
#include "state_store.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace fake {

class RateLimiter {
  public:
    // `per_second` 0: no limit (take() always allows).
    explicit RateLimiter(int per_second) : rate_(per_second) {}

    int rate() const { return rate_; }

    // One request for `key` at `now`: nullopt when a token was taken, else the Retry-After to answer: whole
    // seconds until a token is available, rounded up, at least 1. `now` is an argument so the arithmetic
    // can be tested without a clock; it must not go backwards for one key (a steady clock).
    std::optional<int> take(const std::string& key, SteadyClock::time_point now);

    // Every bucket full again (POST /_fake/reset).
    void reset();

  private:
    // Tokens are counted in billionths, so that refilling and Retry-After are exact integer arithmetic: a
    // request costs kUnit, the bucket holds kUnit * rate, and each nanosecond adds `rate` units.
    static constexpr std::int64_t kUnit = 1'000'000'000;
    struct Bucket {
        std::int64_t units = 0;
        SteadyClock::time_point last;
    };
    int rate_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

// The site a request counts against (its id), or nullopt for one that counts against none:
// - /api/{v}/sites/{site-id}/…: that site, when it exists (an unknown id counts against nothing);
// - /api/{v}/auth/signin: the site its body names by contentUrl (absent: the default site), when it exists;
// - /api/{v}/auth/switchSite: the site it switches to, the same way;
// - serverinfo, sign-out and anything else: none. Sign-out is left out so that a client held back by the
//   limit can always end its session. Decided for the fake (UNCONFIRMED for Tableau).
std::optional<std::string> rate_limited_site(const HttpRequest& req, const StateStore& state);

} // namespace fake
