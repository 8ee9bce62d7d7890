#pragma once
// One site's limit on operations in flight (`--parallel auto|N`, executor.hpp says the rule), shared by the
// workers that run the site's changes, the verification re-list's deletes and the receiver tests. Every
// member locks; each job runs with a tableau::AttemptObserver on its worker thread, so the limit learns
// from every HTTP attempt the job makes.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "apply/adaptive_limit.hpp"
#include "plan/result.hpp"
#include "tableau/attempt_observer.hpp"
#include "util/stop_token.hpp"

namespace tabhook::apply {

// ApplyOptions::parallel for `--parallel auto`.
inline constexpr int kParallelAuto = 0;
inline constexpr int kMaxParallel = 64;

// The limit's configuration for `--parallel`: auto's defaults, or a fixed N clamped into [1, kMaxParallel].
AdaptiveLimitConfig limit_config(int parallel);

class SiteLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    explicit SiteLimiter(int parallel) : limit_(limit_config(parallel)) {}

    // Runs `job(i)` for i in [0, count): each starts once the limit allows one more in flight and no
    // Retry-After holds the site; a job not started when a stop is requested is skipped. The calling thread
    // works too; another thread starts whenever the limit exceeds the workers and jobs are left.
    template <typename Job> void run(std::size_t count, const util::StopToken& stop, Job job);

    // How many ran at once, the limit now, and how many attempts were throttled.
    plan::Concurrency report() const;

  private:
    // Tells the limit of each HTTP attempt the job on this thread makes (Session::send calls it).
    class Attempts final : public tableau::AttemptObserver {
      public:
        explicit Attempts(SiteLimiter& limiter) : limiter_(limiter) {}
        void attempt_started() override;
        void attempt_ended(const tableau::AttemptEnd& end) override;

      private:
        SiteLimiter& limiter_;
        std::uint64_t seq_ = 0;
    };

    // With `lock` held: waits until one more job may start (true) or none will (false: all taken, or a
    // stop). Wakes at least every 50 ms to see a stop, which does not notify.
    bool wait_for_turn(std::unique_lock<std::mutex>& lock, const std::size_t& next, std::size_t count,
                       const util::StopToken& stop);

    mutable std::mutex mutex_;
    std::condition_variable changed_; // a job ended, or an attempt did (the limit may have grown)
    AdaptiveLimit limit_;
    int in_flight_ = 0;
    int reached_ = 0;
    int throttled_ = 0;
};

template <typename Job> void SiteLimiter::run(std::size_t count, const util::StopToken& stop, Job job) {
    std::size_t next = 0;
    int workers = 1;
    std::vector<std::thread> pool; // guarded by mutex_, like next and workers
    std::function<void()> loop = [&] {
        for (;;) {
            std::size_t i = 0;
            {
                std::unique_lock lock(mutex_);
                if (!wait_for_turn(lock, next, count, stop)) return;
                i = next++;
                reached_ = std::max(reached_, ++in_flight_);
                if (workers < limit_.limit() && next < count) {
                    ++workers;
                    pool.emplace_back(loop);
                }
            }
            {
                Attempts attempts(*this);
                const tableau::ObserveAttempts observed(&attempts);
                job(i);
            }
            {
                const std::lock_guard lock(mutex_);
                --in_flight_;
            }
            changed_.notify_all();
        }
    };
    loop();
    // The loop above ended after seeing every job taken, or a stop: no worker starts another now.
    std::vector<std::thread> started;
    {
        const std::lock_guard lock(mutex_);
        started.swap(pool);
    }
    for (auto& t : started) t.join();
}

} // namespace tabhook::apply
