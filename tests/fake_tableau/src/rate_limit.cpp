#include "rate_limit.hpp"

#include "codec.hpp"

#include <algorithm>
#include <string_view>

namespace fake {

std::optional<int> RateLimiter::take(const std::string& key, SteadyClock::time_point now) {
    if (rate_ <= 0) return std::nullopt;
    const std::int64_t capacity = kUnit * rate_;
    std::lock_guard lock(mutex_);
    const auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now});
    Bucket& b = it->second;
    if (!fresh && now > b.last) {
        // One second refills a whole bucket; capping the elapsed time keeps the product far from overflow.
        const std::int64_t elapsed_ns =
            std::min<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - b.last).count(), kUnit);
        b.units = std::min(capacity, b.units + elapsed_ns * rate_);
        b.last = now;
    }
    if (b.units >= kUnit) {
        b.units -= kUnit;
        return std::nullopt;
    }
    const std::int64_t wait_ns = (kUnit - b.units + rate_ - 1) / rate_; // until one whole token is back
    const std::int64_t seconds = (wait_ns + kUnit - 1) / kUnit;
    return static_cast<int>(std::max<std::int64_t>(1, seconds));
}

void RateLimiter::reset() {
    std::lock_guard lock(mutex_);
    buckets_.clear();
}

namespace {

std::optional<std::string> site_named(const HttpRequest& req, const StateStore& state, bool switch_site) {
    std::optional<std::string> content_url;
    if (switch_site) {
        auto parsed = Codec::parse_switch_site(req);
        if (error_of(parsed)) return std::nullopt;
        content_url = value_of(parsed).site_content_url;
    } else {
        auto parsed = Codec::parse_signin(req);
        if (error_of(parsed)) return std::nullopt;
        content_url = value_of(parsed).site_content_url;
    }
    const auto site = state.site_by_content_url(content_url.value_or(""));
    if (!site) return std::nullopt;
    return site->id;
}

} // namespace

std::optional<std::string> rate_limited_site(const HttpRequest& req, const StateStore& state) {
    // /api/{v}/<a>/<b>…: only the second and third segments matter.
    std::string_view rest(req.path);
    if (!rest.starts_with("/api/")) return std::nullopt;
    rest.remove_prefix(5);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(slash + 1); // the version
    if (rest.starts_with("sites/")) {
        rest.remove_prefix(6);
        const std::string id(rest.substr(0, rest.find('/')));
        if (id.empty() || !state.site_by_id(id)) return std::nullopt;
        return id;
    }
    if (req.method != "POST") return std::nullopt;
    if (rest.ends_with('/')) rest.remove_suffix(1); // one trailing slash is tolerated, as by the routes
    if (rest == "auth/signin") return site_named(req, state, false);
    if (rest == "auth/switchSite") return site_named(req, state, true);
    return std::nullopt;
}

} // namespace fake
