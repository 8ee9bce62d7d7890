#include "apply/adaptive_limit.hpp"

#include <algorithm>

namespace tabhook::apply {

AdaptiveLimit::AdaptiveLimit(AdaptiveLimitConfig config) : config_(config) {
    config_.min = std::max(1, config_.min);
    config_.max = std::max(config_.min, config_.max);
    config_.initial = std::clamp(config_.initial, config_.min, config_.max);
    limit_ = peak_ = config_.initial;
}

void AdaptiveLimit::finish(std::uint64_t seq, RequestOutcome outcome, TimePoint now,
                           std::optional<Duration> retry_after) {
    if (retry_after && retry_after->count() > 0) not_before_ = std::max(not_before_, now + *retry_after);
    const bool current_window = seq >= window_start_;
    switch (outcome) {
    case RequestOutcome::success:
        if (!current_window) return;
        if (++successes_ >= limit_) {
            successes_ = 0;
            limit_ = std::min(config_.max, limit_ + 1);
            peak_ = std::max(peak_, limit_);
        }
        return;
    case RequestOutcome::throttled:
        if (!current_window) return; // in flight when the limit was last halved: already accounted for
        limit_ = std::max(config_.min, limit_ / 2);
        successes_ = 0;
        window_start_ = next_seq_;
        ++decreases_;
        return;
    case RequestOutcome::other: return;
    }
}

} // namespace tabhook::apply
