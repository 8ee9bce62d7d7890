#pragma once
// Executes a site's plan through a WriteClient: bounded parallel workers over one shared session,
// replace as create-then-delete, writes never replayed blindly, then a receiver test for every webhook
// the run changed. Continues past a failed operation and reports each outcome.
//
// How many operations are in flight on a site (`--parallel auto|N`): one apply/adaptive_limit per site and
// per call, shared by the changes, the verification re-list's deletes and the receiver tests. A worker
// takes the next operation only while the limit allows one more in flight and no Retry-After holds the
// site; workers are started as the limit grows (at most 64), never ahead of it. `auto` (the default) starts
// at 4, grows by one after a window of successes and halves on a 429 or 503; a number N is a fixed limit
// that still honours Retry-After.
//
// What the limit learns from: every HTTP attempt, not every call. The client retries a 429 or a 503 by
// itself, after the server's Retry-After (tableau/retry_policy.hpp), so a call that succeeded may have been
// throttled twice on the way. Each operation therefore runs with a tableau::AttemptObserver installed on its
// worker thread (tableau/attempt_observer.hpp), which Session::send tells of each attempt's start and of its
// status and Retry-After: a 2xx counts as a success, a 429 or 503 as throttled (the limit halves, at most
// once per round trip, and Retry-After holds the whole site: no new operation starts before it), anything
// else is neutral. The client's own retry keeps its place in flight: it sleeps the same Retry-After, so it
// does not add to the load while the site is held. Decided so that the retry policy stays the one place
// that decides what is retried, and the limiter the one place that decides how many run at once.
// The daemon's enforce mode starts a new limit for each repair (a cycle's few changes rarely reach 4).
//
// The files: operation.cpp (one change: create, update, delete, replace, and the detours a lost answer or a
// refused name takes), site_limiter (the limit and its workers), receiver_test.cpp (a test, and `tabhook
// test`), site_run.cpp (SiteRun: one site's apply as phases, sequenced by reconcile::apply_site).
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apply/audit_log.hpp"
#include "apply/site_limiter.hpp"
#include "plan/plan.hpp"
#include "plan/result.hpp"
#include "tableau/client.hpp"
#include "util/stop_token.hpp"

namespace tabhook::apply {

enum class TestMode { changed, all, none };

struct ApplyOptions {
    int parallel = kParallelAuto; // kParallelAuto, or a fixed limit in 1..kMaxParallel (clamped)
    TestMode test = TestMode::changed;
    util::StopToken stop{}; // a stop requested (SIGINT/SIGTERM): start nothing new
    AuditLog* audit = nullptr;
    // Told as each operation and receiver test starts and ends, from the workers, concurrently (the
    // callee synchronises), so a caller can show results as they happen. `index` is the change's
    // position in the site plan's changes; the verification re-list's deletes follow them (index >= the
    // plan's count). Each may be empty.
    std::function<void(const std::string& site, std::size_t index, const plan::Change&)> on_start{};
    std::function<void(const std::string& site, std::size_t index, const plan::Outcome&)> on_outcome{};
    std::function<void(const std::string& site, const std::string& name)> on_test_start{};
    std::function<void(const std::string& site, const plan::TestOutcome&)> on_test{};
    // Told once per SiteRun::finish or test_declared, how many operations ran at once on the site.
    std::function<void(const std::string& site, const plan::Concurrency&)> on_concurrency{};
};

// One site's apply, as phases the caller runs in this order (reconcile::apply_site, the one sequence the
// CLI's apply and the daemon's enforce mode share):
//   write_changes()                    the plan's changes, in parallel under the site's limit;
//   if relist_due(): the caller lists the site again (the verification re-list) and gives the list to
//     remove_duplicates(), or its error to relist_failed();
//   if tests_due(): test()             the receiver tests of what the run changed (`--test all`: of every
//                                      declared, enabled webhook);
//   finish()                           the result, with the concurrency reached.
// A suspended or refused site has no phase to run (has_work() is false): finish() reports it as such.
// `declared` is every declared webhook of the site: `--test all` tests the unchanged ones too, and each
// webhook's `test:` policy comes from it. The plan, the declared webhooks and the client must outlive the
// SiteRun.
class SiteRun {
  public:
    SiteRun(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared, tableau::WriteClient& client,
            const ApplyOptions& options);

    bool has_work() const { return !result_.suspended && !result_.refused; }
    void write_changes();
    // Whether the verification re-list is due: something was written, and no stop was asked for.
    bool relist_due() const;
    // Across machines no lock serialises two applies, so one that wrote ends by listing the site again and
    // deleting the duplicates of declared names that appeared since it planned (created by this run or by
    // another), as a new plan would (plan::plan_duplicates: every one but the keeper). Every run applies the
    // same keeper rule, so concurrent runs agree on the survivor. Webhooks the site had when planned are left
    // to the next plan (a delete that failed this run stays reported as failed).
    void remove_duplicates(const model::LiveWebhooks& listed);
    // The re-list failed: the site's result carries the error (a duplicate, if any, is the next apply's).
    void relist_failed(const std::string& error);
    bool tests_due() const { return options_.test != TestMode::none && !result_.interrupted; }
    void test();
    plan::SiteResult finish();

  private:
    const plan::SitePlan& plan_;
    const std::vector<model::Webhook>& declared_;
    tableau::WriteClient& client_;
    ApplyOptions options_; // a copy: a temporary may be passed
    plan::SiteResult result_;
    std::set<std::string> known_ids_;                 // every id the site had when planned
    std::map<std::string, std::string> kept_instead_; // deleted by the re-list -> the webhook kept in its place
    SiteLimiter limiter_;
};

// Tests declared webhooks without changing anything (`tabhook test`): the live webhook carrying each
// declared name is tested, under the same policy as after an apply.
std::vector<plan::TestOutcome> test_declared(const std::vector<model::Webhook>& declared,
                                             const model::LiveWebhooks& live, tableau::WriteClient& client,
                                             const ApplyOptions& options);

} // namespace tabhook::apply
