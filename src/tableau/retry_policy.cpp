#include "tableau/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <random>

#include "util/strings.hpp"

namespace tabhook::tableau {

namespace {

using std::chrono::milliseconds;

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> to_int(std::string_view s) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (!all_digits(s) || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate, the only form senders may generate).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s) {
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s[25] != ' ' || s.substr(26) != "GMT")
        return std::nullopt;
    const auto day = to_int(s.substr(5, 2));
    const auto year = to_int(s.substr(12, 4));
    const auto hour = to_int(s.substr(17, 2));
    const auto minute = to_int(s.substr(20, 2));
    const auto second = to_int(s.substr(23, 2));
    const auto month_it = std::find(months.begin(), months.end(), s.substr(8, 3));
    if (!day || !year || !hour || !minute || !second || month_it == months.end()) return std::nullopt;
    if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    const auto month = static_cast<unsigned>(month_it - months.begin() + 1);
    const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{month},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days{date} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
           std::chrono::seconds{*second};
}

bool refused_by_server(int status) { return status == 429 || status == 503; }
bool gateway_failure(int status) { return status == 502 || status == 504; }

} // namespace

Jitter random_jitter() {
    return [](milliseconds upper) {
        thread_local std::mt19937_64 engine{std::random_device{}()};
        if (upper.count() <= 0) return milliseconds{0};
        std::uniform_int_distribution<milliseconds::rep> dist(0, upper.count());
        return milliseconds{dist(engine)};
    };
}

milliseconds backoff_bound(const RetryPolicy& policy, int attempt) {
    milliseconds bound = std::max(policy.initial_backoff, milliseconds{0});
    for (int i = 1; i < attempt && bound < policy.max_backoff; ++i) bound *= 2;
    return std::min(bound, policy.max_backoff);
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = util::trim(value);
    if (all_digits(value)) {
        if (value.size() > 9) return milliseconds{std::chrono::hours{24 * 365}}; // absurdly long: the cap applies
        return std::chrono::duration_cast<milliseconds>(std::chrono::seconds{*to_int(value)});
    }
    const auto when = parse_http_date(value);
    if (!when) return std::nullopt;
    if (*when <= now) return milliseconds{0};
    return std::chrono::duration_cast<milliseconds>(*when - now);
}

RetryDecision decide_retry(const RetryPolicy& policy, Safety safety, const AttemptOutcome& outcome, int attempt,
                           const Jitter& jitter, std::chrono::system_clock::time_point now) {
    using Verdict = RetryDecision::Verdict;
    const bool is_write = safety == Safety::write;
    bool transient = false;
    bool unknown = false;

    if (outcome.transport_error) {
        switch (*outcome.transport_error) {
        case http::TransportError::Kind::connect_failed: transient = true; break;
        case http::TransportError::Kind::timed_out:
        case http::TransportError::Kind::connection_dropped: (is_write ? unknown : transient) = true; break;
        case http::TransportError::Kind::tls: break; // a certificate problem does not go away by trying again
        case http::TransportError::Kind::other: unknown = is_write; break;
        }
    } else if (refused_by_server(outcome.status)) {
        transient = true;
    } else if (gateway_failure(outcome.status)) {
        (is_write ? unknown : transient) = true;
    }

    if (unknown) return {Verdict::outcome_unknown, milliseconds{0}};
    if (!transient || attempt >= policy.max_attempts) return {Verdict::stop, milliseconds{0}};

    if (!outcome.transport_error && refused_by_server(outcome.status) && !outcome.retry_after.empty()) {
        if (const auto after = parse_retry_after(outcome.retry_after, now))
            return {Verdict::retry, std::min(*after, policy.max_retry_after)};
    }
    const milliseconds bound = backoff_bound(policy, attempt);
    const milliseconds delay = jitter ? jitter(bound) : bound;
    return {Verdict::retry, std::clamp(delay, milliseconds{0}, bound)};
}

} // namespace tabhook::tableau
