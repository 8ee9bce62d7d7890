#include "apply/executor.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "apply/adaptive_limit.hpp"
#include "plan/keeper.hpp"
#include "plan/planner.hpp"
#include "report/result_render.hpp"
#include "tableau/attempt_observer.hpp"
#include "util/url.hpp"

namespace tabhook::apply {

namespace {

using tableau::ApiError;

bool stopping(const ApplyOptions& o) { return o.stop.stop_requested(); }

tableau::WebhookSpec spec_of(const model::Webhook& d) {
    return tableau::WebhookSpec{d.name, d.event, d.url, d.enabled, d.url_reference_values};
}

bool is_2xx(int status) { return status >= 200 && status < 300; }

// A create the server refused with a 4xx about the request itself. Whether Tableau refuses a second
// webhook with an existing name, and with which status and code, is UNCONFIRMED (409, or 400 with a code
// nobody documents: fake-tableau's --duplicate-names rows), so no status or code is matched: a replace
// whose create is refused lists the site and decides from what it sees. 401, 403 and 429 are about the
// session, the account or the rate, never about the name: another order of writes cannot help.
bool refused_request(const ApiError& e) {
    return e.kind == ApiError::Kind::http && e.http_status >= 400 && e.http_status < 500 && e.http_status != 401 &&
           e.http_status != 403 && e.http_status != 429;
}

// An answer to a delete that may mean "no such webhook": a 404 with any code, or a 400 (the code for an
// unknown id is UNCONFIRMED: 404050, another 404 code, or 400113 as Test a Webhook documents; a delete
// has no body for a 400 to be about). Whether the webhook is gone is then decided by listing the site.
bool maybe_missing(const ApiError& e) {
    return e.kind == ApiError::Kind::http && (e.http_status == 404 || e.http_status == 400);
}

// A write whose outcome is unknown (timed out, connection dropped, response lost) may have happened.
bool maybe_happened(const ApiError& e) {
    return e.kind == ApiError::Kind::outcome_unknown || e.kind == ApiError::Kind::transport;
}

class Worker {
  public:
    // One Worker per operation: it holds that operation's last error; `known_ids` is shared.
    // `audit_detail`: recorded with each successful write (why it was made, when the plan does not say).
    Worker(const plan::SitePlan& p, const std::set<std::string>& known_ids, tableau::WriteClient& c,
           const ApplyOptions& o, std::string audit_detail = "")
        : plan_(p), known_ids_(known_ids), client_(c), options_(o), audit_detail_(std::move(audit_detail)) {}

    plan::Outcome run(const plan::Change& change) {
        plan::Outcome out;
        out.change = change;
        switch (change.action) {
        case plan::Action::create: create(*change.desired, out); break;
        case plan::Action::replace: replace(change, out); break;
        case plan::Action::update: update(change, out); break;
        case plan::Action::reenable:
            if (change.in_place)
                update(change, out);
            else
                replace(change, out);
            break;
        case plan::Action::remove: remove(change.live->id, change.name, change.live->url, out); break;
        }
        if (out.status == plan::Outcome::Status::skipped) out.status = plan::Outcome::Status::done;
        return out;
    }

  private:
    void audit(const std::string& action, const std::string& name, const std::string& id, const std::string& url,
               bool ok, const std::string& detail) {
        if (options_.audit) options_.audit->write(AuditEntry{plan_.site, action, name, id, url, ok, detail});
    }

    void fail(plan::Outcome& out, const std::string& what) {
        out.status = plan::Outcome::Status::failed;
        out.error = what;
    }

    // After a create whose response never came: list again and adopt a webhook with the declared name
    // that did not exist before the run and matches the declaration. Never creates twice.
    std::optional<model::LiveWebhook> find_created(const model::Webhook& d) {
        auto listed = client_.list_webhooks();
        if (!listed) return std::nullopt;
        for (const auto& l : *listed) {
            if (l.name != d.name || known_ids_.count(l.id) || !plan::matches(d, l)) continue;
            return l;
        }
        return std::nullopt;
    }

    bool create(const model::Webhook& d, plan::Outcome& out) {
        auto created = client_.create_webhook(spec_of(d));
        if (created) {
            audit("create", d.name, created->id, d.url, true, "");
            out.new_id = created->id;
            return true;
        }
        if (maybe_happened(created.error())) {
            if (auto adopted = find_created(d)) {
                audit("create", d.name, adopted->id, d.url, true, "response lost; the created webhook was adopted");
                out.new_id = adopted->id;
                out.notes.push_back("the create's response was lost; the webhook it created was found and adopted");
                return true;
            }
        }
        audit("create", d.name, "", d.url, false, created.error().message());
        fail(out, created.error().message());
        last_error_ = created.error();
        return false;
    }

    // Whether the site still has a webhook with this id; nullopt when the site cannot be listed.
    std::optional<bool> still_listed(const std::string& id) {
        auto listed = client_.list_webhooks();
        if (!listed) return std::nullopt;
        return std::any_of(listed->begin(), listed->end(), [&](const model::LiveWebhook& l) { return l.id == id; });
    }

    bool remove(const std::string& id, const std::string& name, const std::string& url, plan::Outcome& out) {
        auto removed = client_.delete_webhook(id);
        if (removed) {
            audit("delete", name, id, url, true, audit_detail_);
            return true;
        }
        // Whether it is gone is checked by listing, not read from a code or assumed: a delete is idempotent
        // to verify.
        const bool missing = maybe_missing(removed.error());
        if (missing || maybe_happened(removed.error())) {
            if (still_listed(id) == false) {
                audit("delete", name, id, url, true, missing ? "already gone" : "response lost; the webhook is gone");
                out.notes.push_back(missing ? "already deleted by someone else"
                                            : "the delete's response was lost; the webhook is gone");
                return true;
            }
        }
        audit("delete", name, id, url, false, removed.error().message());
        fail(out, removed.error().message());
        return false;
    }

    void replace(const plan::Change& c, plan::Outcome& out) {
        if (create(*c.desired, out)) {
            if (!remove(c.live->id, c.name, c.live->url, out)) {
                out.notes.push_back("the new webhook was created but the old one could not be deleted; "
                                    "two webhooks carry the name until the next apply removes the old one");
            }
            return;
        }
        if (!last_error_ || !refused_request(*last_error_)) return;
        // Refused: perhaps because the old webhook holds the name. Look before deleting anything.
        const ApiError refusal = *last_error_;
        auto listed = client_.list_webhooks();
        if (!listed) {
            out.notes.push_back("the site could not be listed after the refused create; the old webhook is kept");
            return;
        }
        for (const auto& l : *listed) {
            if (l.name != c.desired->name || known_ids_.count(l.id) || !plan::matches(*c.desired, l)) continue;
            // The server made it after all: keep it, and the replace goes on as planned.
            audit("create", c.name, l.id, c.desired->url, true, "refused, yet found by the re-list; adopted");
            out.new_id = l.id;
            out.error.clear();
            out.status = plan::Outcome::Status::skipped;
            out.notes.push_back("the create was refused, yet the webhook was found by listing the site; adopted");
            if (!remove(c.live->id, c.name, c.live->url, out))
                out.notes.push_back("the old webhook could not be deleted; two webhooks carry the name until the "
                                    "next apply removes the old one");
            return;
        }
        // Not made: delete the old webhook first, then create (the order a server that refuses duplicate names
        // needs). Should the create still be refused, the old webhook is created again: never neither.
        out.error.clear();
        out.status = plan::Outcome::Status::skipped;
        out.notes.push_back(fmt::format("the server refused the new webhook while the old one exists (HTTP {}{}): "
                                        "deleted the old webhook first, then created the new one",
                                        refusal.http_status, refusal.code.empty() ? "" : " " + refusal.code));
        if (!remove(c.live->id, c.name, c.live->url, out)) return;
        if (create(*c.desired, out)) return;
        const model::LiveWebhook& old = *c.live;
        auto restored = client_.create_webhook(tableau::WebhookSpec{old.name, old.event, old.url, old.enabled, {}});
        if (restored) {
            audit("create", c.name, restored->id, old.url, true,
                  "the old webhook restored: its replacement was refused");
            out.notes.push_back("the new webhook was refused after the old one was deleted: the old one was created "
                                "again (id " +
                                restored->id + ")");
        } else {
            audit("create", c.name, "", old.url, false, restored.error().message());
            out.notes.push_back("the new webhook was refused after the old one was deleted, and creating the old one "
                                "again failed too (" +
                                restored.error().message() +
                                "): the site has no webhook named like this until the "
                                "next apply");
        }
    }

    void update(const plan::Change& c, plan::Outcome& out) {
        auto updated = client_.update_webhook(c.live->id, spec_of(*c.desired));
        if (updated) {
            audit("update", c.name, c.live->id, c.desired->url, true, "");
            out.new_id = updated->id.empty() ? c.live->id : updated->id;
            return;
        }
        audit("update", c.name, c.live->id, c.desired->url, false, updated.error().message());
        if (updated.error().kind == ApiError::Kind::unsupported) {
            out.notes.push_back("the server does not support in-place updates: replacing");
            replace(c, out);
            return;
        }
        fail(out, updated.error().message());
    }

    const plan::SitePlan& plan_;
    const std::set<std::string>& known_ids_;
    tableau::WriteClient& client_;
    const ApplyOptions& options_;
    std::optional<ApiError> last_error_;
    std::string audit_detail_;
};

AdaptiveLimitConfig limit_config(int parallel) {
    if (parallel == kParallelAuto) return AdaptiveLimitConfig{};
    const int fixed = std::clamp(parallel, 1, kMaxParallel);
    return AdaptiveLimitConfig{fixed, fixed, fixed};
}

// One site's limit on operations in flight (executor.hpp), shared by the workers: every member locks.
class SiteLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    explicit SiteLimiter(int parallel) : limit_(limit_config(parallel)) {}

    // Runs `job(i)` for i in [0, count): each starts once the limit allows one more in flight and no
    // Retry-After holds the site; a job not started when the run is interrupted is skipped. The calling
    // thread works too; another thread starts whenever the limit exceeds the workers and jobs are left.
    template <typename Job> void run(std::size_t count, const ApplyOptions& options, Job job) {
        std::size_t next = 0;
        int workers = 1;
        std::vector<std::thread> pool; // guarded by mutex_, like next and workers
        std::function<void()> loop = [&] {
            for (;;) {
                std::size_t i = 0;
                {
                    std::unique_lock lock(mutex_);
                    if (!wait_for_turn(lock, next, count, options)) return;
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

    plan::Concurrency report() const {
        const std::lock_guard lock(mutex_);
        return plan::Concurrency{reached_, limit_.limit(), throttled_};
    }

  private:
    // Tells the limit of each HTTP attempt the operation on this thread makes (Session::send calls it).
    class Attempts final : public tableau::AttemptObserver {
      public:
        explicit Attempts(SiteLimiter& limiter) : limiter_(limiter) {}
        void attempt_started() override {
            const std::lock_guard lock(limiter_.mutex_);
            seq_ = limiter_.limit_.start();
        }
        void attempt_ended(const tableau::AttemptEnd& end) override {
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

      private:
        SiteLimiter& limiter_;
        std::uint64_t seq_ = 0;
    };

    // With `lock` held: waits until one more job may start (true) or none will (false: all taken, or a
    // stop). Wakes at least every 50 ms to see a stop, which does not notify.
    bool wait_for_turn(std::unique_lock<std::mutex>& lock, const std::size_t& next, std::size_t count,
                       const ApplyOptions& options) {
        constexpr auto kPoll = std::chrono::milliseconds{50};
        for (;;) {
            if (stopping(options) || next >= count) return false;
            const auto now = Clock::now();
            if (limit_.may_start(now, in_flight_)) return true;
            changed_.wait_until(lock,
                                now < limit_.not_before() ? std::min(limit_.not_before(), now + kPoll) : now + kPoll);
        }
    }

    mutable std::mutex mutex_;
    std::condition_variable changed_; // an operation ended, or an attempt did (the limit may have grown)
    AdaptiveLimit limit_;
    int in_flight_ = 0;
    int reached_ = 0;
    int throttled_ = 0;
};

plan::TestOutcome run_test(const std::string& site, const std::string& name, const std::string& id,
                           const std::string& url, model::TestPolicy policy, tableau::WriteClient& client,
                           const ApplyOptions& options) {
    plan::TestOutcome t{name, id, util::redact_url(url), policy, std::nullopt, 0, false, "", "", ""};
    // One retry on a non-2xx before counting it failed: receivers behind cold starts answer late.
    for (int attempt = 1; attempt <= 2 && !(attempt > 1 && stopping(options)); ++attempt) {
        t.attempts = attempt;
        auto r = client.test_webhook(id);
        if (r) {
            t.status = r->status;
            t.body = r->body;
            t.error.clear();
            // No status is no evidence the receiver accepted: a required test fails (product.md: exit 4
            // unless every required test is 2xx). So does Tableau Online's 200 with status "404".
            t.passed = r->status && is_2xx(*r->status);
        } else {
            t.status.reset();
            t.body.clear();
            t.error = r.error().message();
        }
        if (t.passed) break;
    }
    if (options.audit) options.audit->write(AuditEntry{site, "test", name, id, url, t.passed, report::test_answer(t)});
    return t;
}

const model::Webhook* find_declared(const std::vector<model::Webhook>& declared, const std::string& name) {
    const auto it = std::find_if(declared.begin(), declared.end(), [&](const auto& d) { return d.name == name; });
    return it == declared.end() ? nullptr : &*it;
}

bool wrote(const plan::SiteResult& r) {
    return std::any_of(r.outcomes.begin(), r.outcomes.end(), [](const plan::Outcome& o) {
        return o.status == plan::Outcome::Status::done || !o.new_id.empty();
    });
}

// Across machines no lock serialises two applies, so one that wrote ends by listing the site again and
// deleting the duplicates of declared names that appeared since it planned (created by this run or by
// another), as a new plan would (plan::plan_duplicates: every one but the keeper). Every run applies the
// same keeper rule, so concurrent runs agree on the survivor. Webhooks the site had when planned are left
// to the next plan (a delete that failed this run stays reported as failed). Returns, for each webhook
// deleted here, the id of the webhook kept in its place.
std::map<std::string, std::string> verify(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                                          const std::set<std::string>& known_ids, tableau::WriteClient& client,
                                          const ApplyOptions& options, SiteLimiter& limiter, plan::SiteResult& result) {
    std::map<std::string, std::string> kept_instead;
    auto listed = client.list_webhooks();
    if (!listed) {
        result.error = fmt::format("the verification re-list after the apply failed: {}; a duplicate left by a "
                                   "concurrent run, if any, is removed by the next apply",
                                   listed.error().message());
        return kept_instead;
    }
    std::vector<plan::Change> extra;
    for (auto& c : plan::plan_duplicates(declared, *listed, client.session().user_id))
        if (!known_ids.count(c.live->id)) extra.push_back(std::move(c));
    if (extra.empty()) return kept_instead;
    for (const auto& c : extra) {
        std::vector<const model::LiveWebhook*> group;
        for (const auto& l : *listed)
            if (l.name == c.name) group.push_back(&l);
        kept_instead[c.live->id] = plan::pick_keeper(group, find_declared(declared, c.name))->id;
    }
    const std::size_t first = result.outcomes.size();
    const std::string why = "found by the verification re-list after the apply: created meanwhile, by this run or "
                            "a concurrent one; the planner's keeper stays";
    result.outcomes.resize(first + extra.size());
    for (std::size_t i = 0; i < extra.size(); ++i) result.outcomes[first + i].change = extra[i];
    limiter.run(extra.size(), options, [&](std::size_t i) {
        auto& o = result.outcomes[first + i];
        o = Worker(site_plan, known_ids, client, options, "verification re-list: duplicate created during the apply")
                .run(extra[i]);
        o.notes.insert(o.notes.begin(), why);
    });
    for (std::size_t i = first; i < result.outcomes.size(); ++i)
        if (result.outcomes[i].notes.empty()) result.outcomes[i].notes.push_back(why);
    return kept_instead;
}

} // namespace

plan::SiteResult apply_site(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                            tableau::WriteClient& client, const ApplyOptions& options) {
    plan::SiteResult result;
    result.site = site_plan.site;
    result.suspended = site_plan.suspended;
    result.refused = site_plan.refused();
    if (result.suspended || result.refused) return result;

    result.outcomes.resize(site_plan.changes.size());
    for (std::size_t i = 0; i < site_plan.changes.size(); ++i) result.outcomes[i].change = site_plan.changes[i];
    // Every id the site had when planned: a webhook with a declared name and an id outside this set was
    // created during this run (what a lost-response create is recognised by).
    std::set<std::string> known_ids;
    for (const auto& l : site_plan.unchanged) known_ids.insert(l.id);
    for (const auto& l : site_plan.owned_undeclared) known_ids.insert(l.id);
    for (const auto& l : site_plan.unmanaged) known_ids.insert(l.id);
    for (const auto& ch : site_plan.changes)
        if (ch.live) known_ids.insert(ch.live->id);
    SiteLimiter limiter(options.parallel);
    const auto concurrency = [&] {
        result.concurrency = limiter.report();
        if (options.on_concurrency) options.on_concurrency(site_plan.site, result.concurrency);
    };
    limiter.run(site_plan.changes.size(), options, [&](std::size_t i) {
        if (options.on_start) options.on_start(site_plan.site, i, site_plan.changes[i]);
        result.outcomes[i] = Worker(site_plan, known_ids, client, options).run(site_plan.changes[i]);
        if (options.on_outcome) options.on_outcome(site_plan.site, i, result.outcomes[i]);
    });
    result.interrupted = stopping(options);
    std::map<std::string, std::string> kept_instead;
    if (!result.interrupted && wrote(result)) {
        const auto planned = result.outcomes.size();
        kept_instead = verify(site_plan, declared, known_ids, client, options, limiter, result);
        for (std::size_t i = planned; i < result.outcomes.size(); ++i)
            if (result.outcomes[i].status == plan::Outcome::Status::skipped) result.interrupted = true;
    }

    if (options.test == TestMode::none || result.interrupted) {
        concurrency();
        return result;
    }
    struct Target {
        std::string name, id, url;
        model::TestPolicy policy;
    };
    std::vector<Target> targets;
    std::set<std::string> tested_names;
    for (const auto& o : result.outcomes) {
        if (o.status != plan::Outcome::Status::done || !o.change.desired || o.new_id.empty()) continue;
        const auto* d = find_declared(declared, o.change.name);
        const auto policy = d ? d->test : o.change.desired->test;
        tested_names.insert(o.change.name);
        // A webhook declared disabled delivers nothing: its receiver is not expected to be ready.
        if (policy == model::TestPolicy::skip || !o.change.desired->enabled) continue;
        const auto kept = kept_instead.find(o.new_id); // deleted by the verification: test the keeper
        targets.push_back(
            Target{o.change.name, kept == kept_instead.end() ? o.new_id : kept->second, o.change.desired->url, policy});
    }
    if (options.test == TestMode::all) {
        for (const auto& l : site_plan.unchanged) {
            const auto* d = find_declared(declared, l.name);
            if (!d || tested_names.count(l.name) || d->test == model::TestPolicy::skip || !d->enabled) continue;
            targets.push_back(Target{l.name, l.id, d->url, d->test});
        }
    }
    result.tests.resize(targets.size());
    limiter.run(targets.size(), options, [&](std::size_t i) {
        if (options.on_test_start) options.on_test_start(site_plan.site, targets[i].name);
        result.tests[i] = run_test(site_plan.site, targets[i].name, targets[i].id, targets[i].url, targets[i].policy,
                                   client, options);
        if (options.on_test) options.on_test(site_plan.site, result.tests[i]);
    });
    result.interrupted = stopping(options);
    concurrency();
    return result;
}

std::vector<plan::TestOutcome> test_declared(const std::vector<model::Webhook>& declared,
                                             const model::LiveWebhooks& live, tableau::WriteClient& client,
                                             const ApplyOptions& options) {
    struct Target {
        const model::Webhook* declared;
        const model::LiveWebhook* live;
    };
    std::vector<Target> targets;
    for (const auto& d : declared) {
        if (d.test == model::TestPolicy::skip || !d.enabled) continue;
        // The webhook the planner keeps (plan/keeper.hpp) is the one tested.
        std::vector<const model::LiveWebhook*> group;
        for (const auto& l : live)
            if (l.name == d.name) group.push_back(&l);
        targets.push_back(Target{&d, plan::pick_keeper(group, &d)});
    }
    std::vector<plan::TestOutcome> out(targets.size());
    const auto test = [&](std::size_t i) {
        const auto& t = targets[i];
        if (!t.live) {
            out[i] = plan::TestOutcome{t.declared->name,
                                       "",
                                       util::redact_url(t.declared->url),
                                       t.declared->test,
                                       std::nullopt,
                                       0,
                                       false,
                                       "no webhook with this name on the site: run apply first",
                                       "",
                                       ""};
            return;
        }
        // The test request goes to the live webhook's URL: report that one, and say when the manifest differs.
        out[i] =
            run_test(t.declared->site, t.declared->name, t.live->id, t.live->url, t.declared->test, client, options);
        if (util::normalize_url(t.live->url) != util::normalize_url(t.declared->url))
            out[i].declared_url = util::redact_url(t.declared->url);
    };
    SiteLimiter limiter(options.parallel);
    limiter.run(targets.size(), options, [&](std::size_t i) {
        const auto& site = targets[i].declared->site;
        if (options.on_test_start) options.on_test_start(site, targets[i].declared->name);
        test(i);
        if (options.on_test) options.on_test(site, out[i]);
    });
    if (options.on_concurrency && !declared.empty()) options.on_concurrency(declared.front().site, limiter.report());
    return out;
}

} // namespace tabhook::apply
