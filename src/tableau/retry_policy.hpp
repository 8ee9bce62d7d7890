#pragma once
// Pure: whether an attempt that failed is worth another try, and after how long. Only what is transient
// and safe is retried:
//  - connect errors (no request byte reached the server), for every request;
//  - 429 and 503, for every request: the server refused the request without acting on it; Retry-After
//    (seconds or an HTTP date) is honoured up to RetryPolicy::max_retry_after;
//  - 502 and 504 for reads only: a gateway may have forwarded a write before it gave up, so a write that
//    gets one has an unknown outcome;
//  - timeouts and dropped connections for reads only: a write that went out and got no complete answer
//    may have happened, so it is never replayed blindly (ApiError::outcome_unknown).
// Everything else (other 4xx, 500, TLS failures) fails fast. Backoff is capped exponential with full
// jitter: a uniform delay in [0, min(max_backoff, initial_backoff * 2^(attempt-1))].
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "tableau/client.hpp"
#include "http/transport.hpp"

namespace tabhook::tableau {

enum class Safety {
    replayable, // reads (GET), sign-in: sending it twice does no harm
    write,      // changes state on the site: replayed only when the server provably did not act
};

// What one attempt ended with: a transport failure, or an HTTP status (with its Retry-After header).
struct AttemptOutcome {
    std::optional<http::TransportError::Kind> transport_error;
    int status = 0;
    std::string_view retry_after;
};

struct RetryDecision {
    enum class Verdict {
        stop,            // return what the attempt got (a response, or a transport error)
        retry,           // try again after `delay`
        outcome_unknown, // a write that may have happened: never replay it
    };
    Verdict verdict = Verdict::stop;
    std::chrono::milliseconds delay{0};
};

// Returns a uniformly distributed duration in [0, upper]. Injectable so tests are deterministic.
using Jitter = std::function<std::chrono::milliseconds(std::chrono::milliseconds upper)>;
Jitter random_jitter(); // thread-safe, seeded from std::random_device

// `attempt` counts the attempts made so far (1 after the first). Pure apart from calling `jitter`.
RetryDecision decide_retry(const RetryPolicy& policy, Safety safety, const AttemptOutcome& outcome, int attempt,
                           const Jitter& jitter,
                           std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The capped exponential bound for the delay after `attempt` attempts (before jitter).
std::chrono::milliseconds backoff_bound(const RetryPolicy& policy, int attempt);

// Retry-After as a delay from `now`: delta-seconds or an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
// A date in the past is zero; anything unparseable is nullopt.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

} // namespace tabhook::tableau
