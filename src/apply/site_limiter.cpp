#include "apply/site_limiter.hpp"

namespace tabhook::apply {

AdaptiveLimitConfig limit_config(int parallel) {
    if (parallel == kParallelAuto) return AdaptiveLimitConfig{};
    const int fixed = std::clamp(parallel, 1, kMaxParallel);
    return AdaptiveLimitConfig{fixed, fixed, fixed};
}

plan::Concurrency SiteLimiter::report() const {
    const std::lock_guard lock(mutex_);
    return plan::Concurrency{reached_, limit_.limit(), throttled_};
}

void SiteLimiter::Attempts::attempt_started() {
    const std::lock_guard lock(limiter_.mutex_);
    seq_ = limiter_.limit_.start();
}

void SiteLimiter::Attempts::attempt_ended(const tableau::AttemptEnd& end) {
    RequestOutcome outcome = RequestOutcome::other;
    if (end.status >= 200 && end.status < 300) outcome = RequestOutcome::success;
    if (end.status == 429 || end.status == 503) outcome = RequestOutcome::throttled;
    {
        const std::lock_guard lock(limiter_.mutex_);
        if (outcome == RequestOutcome::throttled) ++limiter_.throttled_;
        limiter_.limit_.finish(seq_, outcome, Clock::now(), end.retry_after);
    }
    limiter_.changed_.notify_all();
}

bool SiteLimiter::wait_for_turn(std::unique_lock<std::mutex>& lock, const std::size_t& next, std::size_t count,
                                const util::StopToken& stop) {
    constexpr auto kPoll = std::chrono::milliseconds{50};
    for (;;) {
        if (stop.stop_requested() || next >= count) return false;
        const auto now = Clock::now();
        if (limit_.may_start(now, in_flight_)) return true;
        changed_.wait_until(lock, now < limit_.not_before() ? std::min(limit_.not_before(), now + kPoll) : now + kPoll);
    }
}

} // namespace tabhook::apply
