// --parallel auto|N as the executor applies it (apply/executor.hpp): every HTTP attempt reaches the site's
// limit through the thread's tableau::AttemptObserver, as Session::send reports them. The client below
// holds each attempt until the test answers it, so the number in flight is read at known points instead of
// guessed from timing.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "reconcile/execute.hpp"
#include "fake_client.hpp"
#include "plan/planner.hpp"
#include "tableau/attempt_observer.hpp"

using namespace tabhook;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A FakeClient whose creates and tests answer only when the test says how. Each attempt is told to the
// thread's AttemptObserver, like Session::send; a 429 or 503 is retried by the client itself, up to 4
// attempts, like the retry policy (the sleep for Retry-After is left out: the limit must hold the site).
class GatedClient : public testing::FakeClient {
  public:
    tableau::ApiResult<model::LiveWebhook> create_webhook(const tableau::WebhookSpec& spec) override {
        if (const auto failed = attempts(spec.name)) return tl::unexpected(*failed);
        return FakeClient::create_webhook(spec);
    }
    tableau::ApiResult<tableau::TestResult> test_webhook(const std::string& id) override {
        if (const auto failed = attempts("test " + id)) return tl::unexpected(*failed);
        return FakeClient::test_webhook(id);
    }

    // Waits (10 s at most) until `n` attempts are waiting for an answer.
    bool wait_pending(std::size_t n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, 10s, [&] { return unanswered() == n; });
    }
    // The number waiting once it has stayed the same for 200 ms: a worker the limit wrongly let through
    // shows up within that time on any machine that runs these tests.
    std::size_t settled_pending() {
        std::size_t last = 0;
        for (;;) {
            {
                const std::lock_guard lock(mutex_);
                last = unanswered();
            }
            std::this_thread::sleep_for(200ms);
            const std::lock_guard lock(mutex_);
            if (unanswered() == last) return last;
        }
    }
    // Answers the `n` oldest waiting attempts.
    void answer(std::size_t n, tableau::AttemptEnd end) {
        {
            const std::lock_guard lock(mutex_);
            for (auto& p : pending_)
                if (!p.answer && n > 0) {
                    p.answer = end;
                    --n;
                }
        }
        changed_.notify_all();
    }
    // When each operation's first attempt started, in order.
    std::vector<Clock::time_point> first_attempts() {
        const std::lock_guard lock(mutex_);
        return first_attempts_;
    }

    std::atomic<bool> unobserved{false}; // an attempt ran without the executor's observer

  private:
    struct Pending {
        std::uint64_t id;
        std::optional<tableau::AttemptEnd> answer;
    };

    std::size_t unanswered() const {
        std::size_t n = 0;
        for (const auto& p : pending_) n += p.answer ? 0 : 1;
        return n;
    }

    // Runs the attempts of one call; the error of the last when none succeeded.
    std::optional<tableau::ApiError> attempts(const std::string&) {
        auto* observer = tableau::attempt_observer(); // the executor installs one around every operation
        if (!observer) unobserved = true;             // read by the test thread at the end
        for (int attempt = 1;; ++attempt) {
            if (observer) observer->attempt_started();
            tableau::AttemptEnd end;
            {
                std::unique_lock lock(mutex_);
                if (attempt == 1) first_attempts_.push_back(Clock::now());
                const std::uint64_t id = next_id_++;
                pending_.push_back(Pending{id, std::nullopt});
                changed_.notify_all();
                changed_.wait(lock, [&] {
                    for (const auto& p : pending_)
                        if (p.id == id) return p.answer.has_value();
                    return false;
                });
                const auto it =
                    std::find_if(pending_.begin(), pending_.end(), [&](const auto& p) { return p.id == id; });
                end = *it->answer;
                pending_.erase(it);
            }
            if (observer) observer->attempt_ended(end);
            if (end.status >= 200 && end.status < 300) return std::nullopt;
            if ((end.status == 429 || end.status == 503) && attempt < 4) continue;
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::http;
            e.http_status = end.status;
            return e;
        }
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Pending> pending_;
    std::uint64_t next_id_ = 0;
    std::vector<Clock::time_point> first_attempts_;
};

model::Site site() {
    model::Site s;
    s.name = "marketing";
    s.server = "https://t.example.com";
    return s;
}

plan::SitePlan plan_of(const std::vector<model::Webhook>& d, const GatedClient& c) {
    return plan::plan_site(site(), d, c.webhooks, plan::SiteContext{"me", "3.24"}, {});
}

std::vector<model::Webhook> declared(int n) {
    std::vector<model::Webhook> out;
    for (int i = 0; i < n; ++i)
        out.push_back(model::Webhook{fmt::format("gitops-{:02}", i),
                                     "marketing",
                                     model::Event("WorkbookCreated"),
                                     "https://relay.example.com/a",
                                     true,
                                     model::TestPolicy::required,
                                     {}});
    return out;
}

const tableau::AttemptEnd ok{201, std::nullopt};
const tableau::AttemptEnd throttled{429, 0ms};

// Answers every attempt still to come with a success, until the run ends; its result.
template <typename T> T answer_the_rest(GatedClient& c, std::future<T>& run) {
    while (run.wait_for(0ms) != std::future_status::ready) {
        c.answer(64, ok);
        std::this_thread::sleep_for(5ms);
    }
    return run.get();
}

// Whether `n` attempts come to wait for an answer, and no more after them.
bool pending_exactly(GatedClient& c, std::size_t n) { return c.wait_pending(n) && c.settled_pending() == n; }

// Every created webhook exactly once, every outcome done.
void require_all_created_once(const plan::SiteResult& r, const GatedClient& c, int n) {
    REQUIRE(r.outcomes.size() == static_cast<std::size_t>(n));
    for (const auto& o : r.outcomes) REQUIRE(o.status == plan::Outcome::Status::done);
    REQUIRE(!c.unobserved);
    REQUIRE(c.webhooks.size() == static_cast<std::size_t>(n));
    for (const auto& d : declared(n))
        REQUIRE(std::count_if(c.webhooks.begin(), c.webhooks.end(), [&](const auto& w) { return w.name == d.name; }) ==
                1);
}

} // namespace

TEST_CASE("parallel auto: starts at 4, halves on a 429, grows by one per window of successes, does everything",
          "[apply][parallel]") {
    GatedClient c;
    const auto d = declared(12);
    const auto p = plan_of(d, c);
    apply::ApplyOptions options; // parallel: auto
    options.test = apply::TestMode::none;
    auto run = std::async(std::launch::async, [&] { return reconcile::apply_site(p, d, c, options); });

    REQUIRE(pending_exactly(c, 4)); // the initial limit
    // The two oldest answer 429: the first halves the limit to 2; the second was sent under the old limit
    // (in flight when it was halved) and does not halve it again. The client retries both at once.
    c.answer(2, throttled);
    REQUIRE(c.wait_pending(4));
    // The next two succeed, but they too were sent under the old limit: no growth. Two in flight (the
    // retries) at a limit of 2: nothing new starts.
    c.answer(2, ok);
    REQUIRE(pending_exactly(c, 2));
    // The retries succeed: a full window of 2 at the limit of 2 grows it to 3 (halved twice, to 1, two
    // successes would leave it at 2).
    c.answer(2, ok);
    REQUIRE(pending_exactly(c, 3));
    const auto r = answer_the_rest(c, run);
    require_all_created_once(r, c, 12);
    CHECK(r.concurrency.reached == 4);
    CHECK(r.concurrency.throttled == 2);
    CHECK(r.concurrency.limit >= 3);
}

TEST_CASE("parallel auto: Retry-After holds the whole site: nothing new starts before it ends", "[apply][parallel]") {
    GatedClient c;
    const auto d = declared(6);
    const auto p = plan_of(d, c);
    apply::ApplyOptions options;
    options.test = apply::TestMode::none;
    std::optional<plan::Concurrency> told;
    options.on_concurrency = [&](const std::string& s, const plan::Concurrency& k) {
        CHECK(s == "marketing");
        told = k;
    };
    auto run = std::async(std::launch::async, [&] { return reconcile::apply_site(p, d, c, options); });

    REQUIRE(c.wait_pending(4));
    const auto held_from = Clock::now();
    c.answer(1, tableau::AttemptEnd{503, 300ms});
    REQUIRE(c.wait_pending(4));
    c.answer(4, ok);
    const auto r = answer_the_rest(c, run);
    require_all_created_once(r, c, 6);
    const auto firsts = c.first_attempts();
    REQUIRE(firsts.size() == 6);
    for (std::size_t i = 4; i < firsts.size(); ++i) CHECK(firsts[i] >= held_from + 300ms);
    REQUIRE(told);
    CHECK(told->throttled == 1);
    CHECK(told->reached == 4);
}

TEST_CASE("parallel N: a fixed limit never moves, and still honours Retry-After", "[apply][parallel]") {
    GatedClient c;
    const auto d = declared(6);
    const auto p = plan_of(d, c);
    apply::ApplyOptions options;
    options.parallel = 3;
    options.test = apply::TestMode::all;
    auto run = std::async(std::launch::async, [&] { return reconcile::apply_site(p, d, c, options); });

    REQUIRE(pending_exactly(c, 3));
    const auto held_from = Clock::now();
    // All three retried; the limit stays 3. The hold is longer than the 200 ms pending_exactly waits.
    c.answer(3, tableau::AttemptEnd{429, 1000ms});
    REQUIRE(pending_exactly(c, 3));
    c.answer(3, ok);
    REQUIRE(pending_exactly(c, 3));
    const auto r = answer_the_rest(c, run);
    require_all_created_once(r, c, 6);
    REQUIRE(r.tests.size() == 6); // the receiver tests ran under the same limit
    for (const auto& t : r.tests) CHECK(t.passed);
    const auto firsts = c.first_attempts(); // 6 creates, then 6 tests
    REQUIRE(firsts.size() == 12);
    for (std::size_t i = 3; i < firsts.size(); ++i) CHECK(firsts[i] >= held_from + 1000ms);
    CHECK(r.concurrency.reached == 3);
    CHECK(r.concurrency.limit == 3);
    CHECK(r.concurrency.throttled == 3);
}

TEST_CASE("parallel auto: tabhook test runs its tests under the site's limit and reports it", "[apply][parallel]") {
    GatedClient c;
    const auto d = declared(5);
    for (const auto& w : d)
        REQUIRE(c.FakeClient::create_webhook(tableau::WebhookSpec{w.name, "WorkbookCreated", w.url}));
    apply::ApplyOptions options;
    std::optional<plan::Concurrency> told;
    options.on_concurrency = [&](const std::string&, const plan::Concurrency& k) { told = k; };
    auto run = std::async(std::launch::async, [&] { return apply::test_declared(d, c.webhooks, c, options); });
    REQUIRE(pending_exactly(c, 4));
    const auto tests = answer_the_rest(c, run);
    REQUIRE(tests.size() == 5);
    for (const auto& t : tests) CHECK(t.passed);
    REQUIRE(told);
    CHECK(told->reached == 4);
    CHECK(told->throttled == 0);
}
