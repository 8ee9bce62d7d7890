#include <algorithm>

#include <fmt/format.h>

#include "apply/executor.hpp"
#include "apply/operation.hpp"
#include "apply/receiver_test.hpp"
#include "plan/keeper.hpp"
#include "plan/planner.hpp"

namespace tabhook::apply {

namespace {

const model::Webhook* find_declared(const std::vector<model::Webhook>& declared, const std::string& name) {
    const auto it = std::find_if(declared.begin(), declared.end(), [&](const auto& d) { return d.name == name; });
    return it == declared.end() ? nullptr : &*it;
}

// Every id the site had when planned: a webhook with a declared name and an id outside this set was created
// during this run (what a lost-response create and a concurrent run's duplicate are recognised by).
std::set<std::string> ids_when_planned(const plan::SitePlan& p) {
    std::set<std::string> ids;
    for (const auto& l : p.unchanged) ids.insert(l.id);
    for (const auto& l : p.owned_undeclared) ids.insert(l.id);
    for (const auto& l : p.unmanaged) ids.insert(l.id);
    for (const auto& ch : p.changes)
        if (ch.live) ids.insert(ch.live->id);
    return ids;
}

struct TestTarget {
    std::string name, id, url;
    model::TestPolicy policy;
};

} // namespace

SiteRun::SiteRun(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                 tableau::WriteClient& client, const ApplyOptions& options)
    : plan_(site_plan), declared_(declared), client_(client), options_(options),
      known_ids_(ids_when_planned(site_plan)), limiter_(options.parallel) {
    result_.site = site_plan.site;
    result_.suspended = site_plan.suspended;
    result_.refused = site_plan.refused();
}

void SiteRun::write_changes() {
    const auto& changes = plan_.changes;
    result_.outcomes.resize(changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) result_.outcomes[i].change = changes[i];
    limiter_.run(changes.size(), options_.stop, [&](std::size_t i) {
        if (options_.on_start) options_.on_start(plan_.site, i, changes[i]);
        result_.outcomes[i] = Operation(plan_.site, known_ids_, client_, options_.audit).run(changes[i]);
        if (options_.on_outcome) options_.on_outcome(plan_.site, i, result_.outcomes[i]);
    });
    result_.interrupted = options_.stop.stop_requested();
}

bool SiteRun::relist_due() const {
    return !result_.interrupted &&
           std::any_of(result_.outcomes.begin(), result_.outcomes.end(), [](const plan::Outcome& o) {
               return o.status == plan::Outcome::Status::done || !o.new_id.empty();
           });
}

void SiteRun::relist_failed(const std::string& error) {
    result_.error = fmt::format("the verification re-list after the apply failed: {}; a duplicate left by a "
                                "concurrent run, if any, is removed by the next apply",
                                error);
}

void SiteRun::remove_duplicates(const model::LiveWebhooks& listed) {
    std::vector<plan::Change> extra;
    for (auto& c : plan::plan_duplicates(declared_, listed, client_.session().user_id))
        if (!known_ids_.count(c.live->id)) extra.push_back(std::move(c));
    if (extra.empty()) return;
    for (const auto& c : extra) {
        std::vector<const model::LiveWebhook*> group;
        for (const auto& l : listed)
            if (l.name == c.name) group.push_back(&l);
        kept_instead_[c.live->id] = plan::pick_keeper(group, find_declared(declared_, c.name))->id;
    }
    const std::size_t first = result_.outcomes.size();
    const std::string why = "found by the verification re-list after the apply: created meanwhile, by this run or "
                            "a concurrent one; the planner's keeper stays";
    result_.outcomes.resize(first + extra.size());
    for (std::size_t i = 0; i < extra.size(); ++i) result_.outcomes[first + i].change = extra[i];
    // Told live like the plan's changes (their index follows the plan's), so the run's output shows them.
    limiter_.run(extra.size(), options_.stop, [&](std::size_t i) {
        auto& o = result_.outcomes[first + i];
        if (options_.on_start) options_.on_start(plan_.site, first + i, extra[i]);
        o = Operation(plan_.site, known_ids_, client_, options_.audit,
                      "verification re-list: duplicate created during the apply")
                .run(extra[i]);
        o.notes.insert(o.notes.begin(), why);
        if (options_.on_outcome) options_.on_outcome(plan_.site, first + i, o);
    });
    for (std::size_t i = first; i < result_.outcomes.size(); ++i) {
        auto& o = result_.outcomes[i];
        if (o.notes.empty()) o.notes.push_back(why); // not started: a stop came first
        if (o.status == plan::Outcome::Status::skipped) result_.interrupted = true;
    }
}

void SiteRun::test() {
    std::vector<TestTarget> targets;
    std::set<std::string> tested_names;
    for (const auto& o : result_.outcomes) {
        if (o.status != plan::Outcome::Status::done || !o.change.desired || o.new_id.empty()) continue;
        const auto* d = find_declared(declared_, o.change.name);
        const auto policy = d ? d->test : o.change.desired->test;
        tested_names.insert(o.change.name);
        // A webhook declared disabled delivers nothing: its receiver is not expected to be ready.
        if (policy == model::TestPolicy::skip || !o.change.desired->enabled) continue;
        const auto kept = kept_instead_.find(o.new_id); // deleted by the verification: test the keeper
        targets.push_back(TestTarget{o.change.name, kept == kept_instead_.end() ? o.new_id : kept->second,
                                     o.change.desired->url, policy});
    }
    if (options_.test == TestMode::all) {
        for (const auto& l : plan_.unchanged) {
            const auto* d = find_declared(declared_, l.name);
            if (!d || tested_names.count(l.name) || d->test == model::TestPolicy::skip || !d->enabled) continue;
            targets.push_back(TestTarget{l.name, l.id, d->url, d->test});
        }
    }
    result_.tests.resize(targets.size());
    limiter_.run(targets.size(), options_.stop, [&](std::size_t i) {
        const auto& t = targets[i];
        if (options_.on_test_start) options_.on_test_start(plan_.site, t.name);
        result_.tests[i] = run_test(plan_.site, t.name, t.id, t.url, t.policy, client_, options_);
        if (options_.on_test) options_.on_test(plan_.site, result_.tests[i]);
    });
    result_.interrupted = options_.stop.stop_requested();
}

plan::SiteResult SiteRun::finish() {
    if (has_work()) {
        result_.concurrency = limiter_.report();
        if (options_.on_concurrency) options_.on_concurrency(plan_.site, result_.concurrency);
    }
    return std::move(result_);
}

} // namespace tabhook::apply
