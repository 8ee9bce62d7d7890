// The reconcile steps over fake clients: sites selected and grouped, observe (sign in, list, plan) with its
// failures, suspended sites, stops and plan reuse, the refusal of two sites that are one Tableau site, and
// execute converging a site.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "../apply/fake_client.hpp"
#include "reconcile/desired.hpp"
#include "reconcile/execute.hpp"
#include "reconcile/observe.hpp"
#include "util/stop_token.hpp"

using namespace tabhook;
using Failure = reconcile::SiteObservation::Failure;

namespace {

// A fake site client signed in to `site_id` that, like the real one, hands back the very list of last time
// while the webhooks are unchanged.
class SiteFake final : public testing::FakeClient {
  public:
    explicit SiteFake(std::string site_id) : info_{"3.24", std::move(site_id), "me"} {}
    const tableau::SessionInfo& session() const override { return info_; }
    tableau::ApiResult<std::shared_ptr<const model::LiveWebhooks>> list_webhooks_shared() override {
        auto list = list_webhooks();
        if (!list) return tl::unexpected(list.error());
        if (!shared_ || *shared_ != *list) shared_ = std::make_shared<const model::LiveWebhooks>(std::move(*list));
        return shared_;
    }

  private:
    tableau::SessionInfo info_;
    std::shared_ptr<const model::LiveWebhooks> shared_;
};

// Sessions over SiteFakes, by site name; records what the steps asked of it.
class FakeSessions final : public reconcile::Sessions {
  public:
    std::map<std::string, std::unique_ptr<SiteFake>> clients;
    std::vector<std::string> refuse_sign_in; // site names
    std::vector<std::string> events;         // "sign-in marketing", "listed marketing", "drop marketing"
    std::mutex events_mutex;                 // session groups are observed on threads of their own

    SiteFake& add(const std::string& name, const std::string& site_id) {
        return *(clients[name] = std::make_unique<SiteFake>(site_id));
    }
    tableau::ApiResult<tableau::ReadClient*> reader(const model::Site& site) override {
        record("sign-in " + site.name);
        if (std::find(refuse_sign_in.begin(), refuse_sign_in.end(), site.name) != refuse_sign_in.end()) {
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::http;
            e.http_status = 401;
            e.code = "401001";
            return tl::unexpected(e);
        }
        return clients.at(site.name).get();
    }
    tableau::ApiResult<tableau::WriteClient*> writer(const model::Site& site) override {
        return clients.at(site.name).get();
    }
    void done_listing(const model::Site& site, bool ok) override {
        record(std::string(ok ? "listed " : "not listed ") + site.name);
    }
    void drop(const model::Site& site) override { record("drop " + site.name); }

  private:
    void record(std::string event) {
        const std::lock_guard lock(events_mutex);
        events.push_back(std::move(event));
    }
};

model::Site site(std::string name, std::string content_url) {
    model::Site s;
    s.name = std::move(name);
    s.server = "https://t.example.com";
    s.content_url = std::move(content_url);
    s.prune = model::Prune::owned;
    s.auth.kind = model::Auth::Kind::password;
    s.auth.name = "admin-" + s.name;
    return s;
}

model::Webhook declared(std::string name, std::string site) {
    return model::Webhook{std::move(name),
                          std::move(site),
                          model::Event("WorkbookCreated"),
                          "https://relay.example.com/a",
                          true,
                          model::TestPolicy::required,
                          {}};
}

model::LiveWebhook live(std::string id, std::string name) {
    return model::LiveWebhook{std::move(id),
                              std::move(name),
                              model::Event("WorkbookCreated"),
                              "https://relay.example.com/a",
                              true,
                              "",
                              "me",
                              "admin",
                              ""};
}

model::DesiredState state() {
    model::DesiredState s;
    s.sites = {site("marketing", "mkt"), site("sales", "sales"), site("finance", "fin")};
    s.webhooks = {declared("gitops-a", "marketing"), declared("gitops-b", "sales"), declared("gitops-c", "marketing")};
    return s;
}

} // namespace

TEST_CASE("reconcile: select_sites keeps the manifests' order and each site's webhooks", "[reconcile]") {
    const auto all = reconcile::select_sites(state(), {});
    REQUIRE(all.sites.size() == 3);
    CHECK(all.sites[0].name == "marketing");
    REQUIRE(all.webhooks[0].size() == 2);
    CHECK(all.webhooks[0][1].name == "gitops-c");
    CHECK(all.webhooks[2].empty());

    const auto some = reconcile::select_sites(state(), {"finance", "sales"});
    REQUIRE(some.sites.size() == 2);
    CHECK(some.sites[0].name == "sales"); // the manifests' order, not the filter's
    CHECK(some.webhooks[0] == std::vector<model::Webhook>{declared("gitops-b", "sales")});

    CHECK(reconcile::unknown_sites(state(), {"sales", "salse", "hr"}) == std::vector<std::string>{"salse", "hr"});
    CHECK(reconcile::unknown_sites(state(), {}).empty());
}

TEST_CASE("reconcile: observe signs in, lists and plans every site", "[reconcile]") {
    const auto desired = reconcile::select_sites(state(), {"marketing", "sales"});
    FakeSessions sessions;
    sessions.add("marketing", "luid-mkt").webhooks = {live("1", "gitops-a"), live("2", "gitops-stale")};
    sessions.add("sales", "luid-sales");
    sessions.refuse_sign_in = {"sales"};

    const auto observed = reconcile::observe(desired, sessions, {});
    REQUIRE(observed.size() == 2);
    const auto& mkt = observed[0];
    CHECK(mkt.ok());
    CHECK(mkt.site_id == "luid-mkt");
    REQUIRE(mkt.live);
    CHECK(mkt.live->size() == 2);
    CHECK(mkt.planned);
    CHECK(mkt.plan->changes.size() == 2); // create gitops-c, delete gitops-stale
    CHECK(sessions.clients["marketing"]->calls == std::vector<std::string>{"list"}); // reads only

    const auto& sales = observed[1];
    CHECK(sales.failure == Failure::sign_in);
    CHECK(sales.error.find("401001") != std::string::npos);
    CHECK_FALSE(sales.live);
    CHECK(sales.site_id.empty());

    const auto p = reconcile::plan_of(observed);
    REQUIRE(p.sites.size() == 2);
    CHECK(p.sites[0].changes.size() == 2);
    CHECK(p.sites[1].site == "sales");
    CHECK(p.sites[1].error == sales.error); // shown unread, never as "no changes"
}

TEST_CASE("reconcile: a suspended site, a stop and a refused read leave sites unread", "[reconcile]") {
    auto s = state();
    s.sites[0].suspend = true;
    const auto desired = reconcile::select_sites(s, {});
    FakeSessions sessions;
    sessions.add("marketing", "luid-mkt");
    sessions.add("sales", "luid-sales");
    sessions.add("finance", "luid-fin");

    reconcile::ObserveOptions options;
    options.skip_suspended = true;
    options.before_read = [](std::size_t i) { return i == 2 ? std::string("lock held") : std::string(); };
    const auto observed = reconcile::observe(desired, sessions, options);
    CHECK(observed[0].skipped_suspended);
    CHECK(observed[0].ok());
    CHECK(observed[0].plan->suspended);
    CHECK(observed[1].ok());
    CHECK(observed[2].failure == Failure::before_read);
    CHECK(observed[2].error == "lock held");
    CHECK(observed[2].plan->site == "finance");
    CHECK(sessions.events == std::vector<std::string>{"sign-in sales", "listed sales"});

    util::StopSource stop;
    stop.request_stop();
    options.stop = stop.token();
    sessions.events.clear();
    const auto stopped = reconcile::observe(desired, sessions, options);
    for (std::size_t i = 1; i < stopped.size(); ++i) CHECK(stopped[i].failure == Failure::stopped);
    CHECK(sessions.events.empty());
}

TEST_CASE("reconcile: observe reuses a site's plan only for the very same list", "[reconcile]") {
    const auto desired = reconcile::select_sites(state(), {"marketing"});
    FakeSessions sessions;
    auto& client = sessions.add("marketing", "luid-mkt");
    client.webhooks = {live("1", "gitops-a")};
    std::vector<reconcile::PlanMemo> memos(1);
    reconcile::ObserveOptions options;
    options.memos = &memos;

    const auto first = reconcile::observe(desired, sessions, options);
    CHECK(first[0].planned);
    const auto second = reconcile::observe(desired, sessions, options);
    CHECK_FALSE(second[0].planned);
    CHECK(second[0].plan == first[0].plan);

    client.webhooks.push_back(live("2", "gitops-c"));
    const auto third = reconcile::observe(desired, sessions, options);
    CHECK(third[0].planned);
    CHECK(third[0].plan->changes.empty());
}

TEST_CASE("reconcile: two sites that sign in to one Tableau site are both refused", "[reconcile]") {
    const auto desired = reconcile::select_sites(state(), {});
    FakeSessions sessions;
    sessions.add("marketing", "luid-same");
    sessions.add("sales", "luid-same");
    sessions.add("finance", "luid-fin");

    const auto observed = reconcile::observe(desired, sessions, {});
    CHECK(observed[0].failure == Failure::shared_site);
    CHECK(observed[1].failure == Failure::shared_site);
    CHECK_FALSE(observed[0].error.empty());
    CHECK(observed[2].ok());
    CHECK(std::count(sessions.events.begin(), sessions.events.end(), "drop marketing") == 1);
    CHECK(std::count(sessions.events.begin(), sessions.events.end(), "drop sales") == 1);

    FakeSessions none_written;
    none_written.add("marketing", "luid-same");
    none_written.add("sales", "luid-same");
    none_written.add("finance", "luid-fin");
    auto again = reconcile::observe(desired, none_written, {});
    const auto result = reconcile::execute(again, desired, none_written, {});
    CHECK(result.sites[0].error == again[0].error);
    CHECK(none_written.clients["marketing"]->calls == std::vector<std::string>{"list"}); // nothing written
    CHECK(none_written.clients["sales"]->calls == std::vector<std::string>{"list"});
}

TEST_CASE("reconcile: execute makes each site match its plan; a suspended site is left alone", "[reconcile]") {
    auto s = state();
    s.sites[2].suspend = true;
    const auto desired = reconcile::select_sites(s, {});
    FakeSessions sessions;
    sessions.add("marketing", "luid-mkt").webhooks = {live("1", "gitops-stale")};
    sessions.add("sales", "luid-sales");
    sessions.add("finance", "luid-fin");

    reconcile::ObserveOptions options;
    options.skip_suspended = true;
    auto observed = reconcile::observe(desired, sessions, options);
    const auto result = reconcile::execute(observed, desired, sessions, {});
    REQUIRE(result.sites.size() == 3);
    CHECK(result.sites[0].site == "marketing");
    CHECK(result.sites[0].outcomes.size() == 3); // create a and c, delete the stale one
    CHECK(result.sites[1].outcomes.size() == 1);
    CHECK(result.sites[2].suspended);
    CHECK(sessions.clients["finance"]->calls.empty());

    const auto after = reconcile::observe(desired, sessions, options);
    CHECK(reconcile::plan_of(after).has_changes() == false);

    const auto tests = reconcile::test_site(after[1], sessions, {});
    REQUIRE(tests);
    REQUIRE(tests->size() == 1);
    CHECK((*tests)[0].passed);
}
