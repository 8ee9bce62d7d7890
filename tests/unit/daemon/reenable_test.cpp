// Re-enables are rate limited per webhook (site + name + id), so a dead receiver does not cause a loop.
#include <catch2/catch.hpp>

#include "daemon/reenable.hpp"

using namespace tabhook;
using namespace tabhook::daemon;
using std::chrono::milliseconds;

namespace {

plan::Change reenable_change(const std::string& name, const std::string& id) {
    plan::Change c;
    c.action = plan::Action::reenable;
    c.name = name;
    c.desired = model::Webhook{};
    c.live = model::LiveWebhook{};
    c.live->id = id;
    c.live->enabled = false;
    c.in_place = true;
    c.drift = {plan::Drift::disabled};
    return c;
}

plan::Change create_change(const std::string& name) {
    plan::Change c;
    c.action = plan::Action::create;
    c.name = name;
    c.drift = {plan::Drift::missing};
    return c;
}

} // namespace

TEST_CASE("a re-enable repeated within the interval is held back; other changes pass") {
    plan::SitePlan p;
    p.site = "marketing";
    p.changes = {create_change("gitops-new"), reenable_change("gitops-dead", "id-1")};
    ReenableLedger ledger;
    const SteadyTime t0{};

    auto first = filter_reenables(p, ledger, t0, milliseconds(3'600'000));
    CHECK(first.plan.changes.size() == 2);
    CHECK(first.suppressed.empty());

    plan::SiteResult r;
    r.site = "marketing";
    plan::Outcome o;
    o.change = p.changes[1];
    o.status = plan::Outcome::Status::done;
    r.outcomes.push_back(o);
    record_reenables(ledger, r, t0);

    auto again = filter_reenables(p, ledger, t0 + milliseconds(60'000), milliseconds(3'600'000));
    REQUIRE(again.plan.changes.size() == 1);
    CHECK(again.plan.changes[0].name == "gitops-new");
    REQUIRE(again.suppressed.size() == 1);
    CHECK(again.suppressed[0].name == "gitops-dead");

    auto later = filter_reenables(p, ledger, t0 + milliseconds(3'600'000), milliseconds(3'600'000));
    CHECK(later.plan.changes.size() == 2);
    CHECK(later.suppressed.empty());
}

TEST_CASE("the ledger keys on site, name and id") {
    ReenableLedger ledger;
    const SteadyTime t0{};
    ledger.record({"marketing", "gitops-dead", "id-1"}, t0);
    plan::SitePlan p;
    p.site = "marketing";
    p.changes = {reenable_change("gitops-dead", "id-2")};
    CHECK(filter_reenables(p, ledger, t0, milliseconds(1000)).suppressed.empty());
    p.site = "other";
    p.changes = {reenable_change("gitops-dead", "id-1")};
    CHECK(filter_reenables(p, ledger, t0, milliseconds(1000)).suppressed.empty());
    p.site = "marketing";
    CHECK(filter_reenables(p, ledger, t0, milliseconds(1000)).suppressed.size() == 1);
}

TEST_CASE("a re-enable by replacement is remembered under the new id too; skipped ones are not") {
    ReenableLedger ledger;
    const SteadyTime t0{};
    plan::SiteResult r;
    r.site = "marketing";
    plan::Outcome replaced;
    replaced.change = reenable_change("gitops-dead", "old");
    replaced.change.action = plan::Action::replace;
    replaced.change.drift = {plan::Drift::changed, plan::Drift::disabled};
    replaced.status = plan::Outcome::Status::done;
    replaced.new_id = "new";
    plan::Outcome skipped;
    skipped.change = reenable_change("gitops-other", "x");
    skipped.status = plan::Outcome::Status::skipped;
    r.outcomes = {replaced, skipped};
    record_reenables(ledger, r, t0);
    CHECK(ledger.last({"marketing", "gitops-dead", "old"}));
    CHECK(ledger.last({"marketing", "gitops-dead", "new"}));
    CHECK_FALSE(ledger.last({"marketing", "gitops-other", "x"}));
    ledger.forget_before(t0 + milliseconds(1));
    CHECK(ledger.size() == 0);
}

TEST_CASE("only changes that repair a disabled webhook count as re-enables") {
    CHECK(is_reenable(reenable_change("a", "1")));
    CHECK_FALSE(is_reenable(create_change("a")));
}
