// A cycle over fake clients: sessions kept across cycles, manifests re-parsed only when they change,
// observe never writes, enforce repairs, re-enables are rate limited, brakes are honoured, and sites are
// independent.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "daemon/cycle.hpp"
#include "daemon/cycle_metrics.hpp"
#include "report/cycle_report.hpp"
#include "daemon/drift_alert.hpp"

using namespace tabhook;
using namespace tabhook::daemon;
using std::chrono::milliseconds;

namespace {

struct FakeSite {
    std::mutex mutex;
    model::LiveWebhooks hooks;
    std::vector<std::string> calls;
    int next_id = 1;
    bool fail_list = false;
    bool fail_connect = false;
    std::string site_id;        // what sign-in returns; "": one of the site's own
    std::string user_id = "me"; // the account the session is signed in as
};

class FakeClient final : public tableau::WriteClient {
  public:
    FakeClient(FakeSite& site, const std::string& content_url) : site_(site) {
        info_ = {"3.24", site.site_id.empty() ? "luid-of-" + content_url : site.site_id, "me"};
    }
    const tableau::SessionInfo& session() const override {
        const std::lock_guard lock(site_.mutex);
        info_.user_id = site_.user_id;
        return info_;
    }
    tableau::ClientStats stats() const override { return {}; }
    // As the site client does: the very list of last time while the site's webhooks are unchanged (there,
    // while the response is byte-identical).
    tableau::ApiResult<std::shared_ptr<const model::LiveWebhooks>> list_webhooks_shared() override {
        auto list = list_webhooks();
        if (!list) return tl::unexpected(list.error());
        if (!shared_ || *shared_ != *list) shared_ = std::make_shared<const model::LiveWebhooks>(std::move(*list));
        return shared_;
    }
    tableau::ApiResult<model::LiveWebhooks> list_webhooks() override {
        const std::lock_guard lock(site_.mutex);
        site_.calls.push_back("list");
        if (site_.fail_list) {
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::transport;
            e.summary = "connection refused";
            return tl::unexpected(e);
        }
        return site_.hooks;
    }
    tableau::ApiResult<model::LiveWebhook> get_webhook(const std::string& id) override {
        const std::lock_guard lock(site_.mutex);
        for (const auto& w : site_.hooks)
            if (w.id == id) return w;
        tableau::ApiError e;
        e.kind = tableau::ApiError::Kind::http;
        e.http_status = 404;
        return tl::unexpected(e);
    }
    tableau::ApiResult<model::LiveWebhook> create_webhook(const tableau::WebhookSpec& spec) override {
        const std::lock_guard lock(site_.mutex);
        site_.calls.push_back("create " + spec.name);
        model::LiveWebhook w{"id-" + std::to_string(site_.next_id++),
                             spec.name,
                             model::Event(spec.event),
                             spec.url,
                             spec.enabled,
                             "",
                             "me",
                             "admin",
                             ""};
        site_.hooks.push_back(w);
        return w;
    }
    tableau::ApiResult<model::LiveWebhook> update_webhook(const std::string& id,
                                                          const tableau::WebhookSpec& spec) override {
        const std::lock_guard lock(site_.mutex);
        site_.calls.push_back("update " + id);
        for (auto& w : site_.hooks)
            if (w.id == id) {
                w.event = model::Event(spec.event);
                w.url = spec.url;
                w.enabled = spec.enabled;
                w.status_change_reason.clear();
                return w;
            }
        tableau::ApiError e;
        e.kind = tableau::ApiError::Kind::http;
        e.http_status = 404;
        return tl::unexpected(e);
    }
    tableau::ApiResult<void> delete_webhook(const std::string& id) override {
        const std::lock_guard lock(site_.mutex);
        site_.calls.push_back("delete " + id);
        std::erase_if(site_.hooks, [&](const model::LiveWebhook& w) { return w.id == id; });
        return {};
    }
    tableau::ApiResult<tableau::TestResult> test_webhook(const std::string& id) override {
        const std::lock_guard lock(site_.mutex);
        site_.calls.push_back("test " + id);
        return tableau::TestResult{500, ""};
    }

  private:
    FakeSite& site_;
    mutable tableau::SessionInfo info_;
    std::shared_ptr<const model::LiveWebhooks> shared_;
};

class FakeConnector final : public Connector {
  public:
    std::map<std::string, FakeSite> sites; // by contentUrl
    std::atomic<int> connects{0};
    std::mutex mutex;
    tableau::ApiResult<std::unique_ptr<tableau::ReadClient>> connect_read_only(const model::Site& s) override {
        auto c = connect(s);
        if (!c) return tl::unexpected(c.error());
        return std::unique_ptr<tableau::ReadClient>(std::move(*c));
    }
    tableau::ApiResult<std::unique_ptr<tableau::WriteClient>> connect(const model::Site& s) override {
        ++connects;
        std::unique_lock lock(mutex); // sites sign in from their own threads
        auto& site = sites[s.content_url];
        lock.unlock();
        if (site.fail_connect) {
            tableau::ApiError e;
            e.kind = tableau::ApiError::Kind::http;
            e.http_status = 401;
            e.summary = "Signin Error";
            return tl::unexpected(e);
        }
        return std::unique_ptr<tableau::WriteClient>(std::make_unique<FakeClient>(site, s.content_url));
    }
};

class ManualClock final : public Clock {
  public:
    SteadyTime t{};
    SteadyTime now() const override { return t; }
    double unix_now() const override { return 1700000000.0; }
};

struct Fixture {
    std::filesystem::path dir;
    FakeConnector connector;
    ManualClock clock;
    MemoryLog log;
    std::atomic<bool> stop{false};

    Fixture() {
        char tmpl[] = "/tmp/tabhook-reconciler-test.XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~Fixture() { std::filesystem::remove_all(dir); }

    void write(const std::string& file, const std::string& text) {
        std::ofstream(dir / file) << text;
        // A new mtime even within the filesystem's timestamp granularity.
        std::filesystem::last_write_time(dir / file, std::filesystem::file_time_type::clock::now() +
                                                         std::chrono::seconds(++writes));
    }
    int writes = 0;

    static std::string site(const std::string& name, const std::string& content_url, const std::string& extra = "") {
        return "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: " + name +
               "\nspec:\n  server: http://127.0.0.1:9\n  contentUrl: \"" + content_url +
               "\"\n  auth:\n    personalAccessToken:\n      name: pat\n      secret: pat-secret\n" + extra + "---\n";
    }
    static std::string hook(const std::string& site_name, const std::string& name, const std::string& path) {
        return "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: " + name + "\n  site: " + site_name +
               "\nspec:\n  event: WorkbookCreated\n  url: https://hooks.example.com/" + path + "\n---\n";
    }
};

struct Run {
    ManifestCache cache;
    SessionPool pool;
    Reconciler reconciler;
    Run(Fixture& f, Mode mode, std::vector<std::string> sites = {})
        : cache({f.dir.string()}, std::move(sites), literal()), pool(f.connector, mode == Mode::enforce),
          reconciler(cache, pool, options(f, mode), f.log, f.clock) {}
    static manifest::LoadOptions literal() {
        manifest::LoadOptions o;
        o.allow_literal_secrets = true;
        return o;
    }
    static ReconcilerOptions options(Fixture& f, Mode mode) {
        ReconcilerOptions o;
        o.mode = mode;
        o.reenable_interval = milliseconds(3'600'000);
        o.stop = util::StopToken(f.stop);
        return o;
    }
};

std::size_t count_calls(FakeSite& s, const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& c : s.calls) n += c.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("an idle cycle costs one list per site on a session kept across cycles") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a") +
                          Fixture::site("finance", "finance"));
    Run run(f, Mode::observe);
    auto first = run.reconciler.run_cycle(false);
    CHECK(first.reparsed);
    REQUIRE(first.sites.size() == 2);
    CHECK(first.findings() == 1); // gitops-a is missing
    CHECK(f.connector.connects == 2);
    for (int i = 0; i < 3; ++i) {
        auto again = run.reconciler.run_cycle(false);
        CHECK_FALSE(again.reparsed);
        CHECK(again.findings() == 1);
    }
    CHECK(f.connector.connects == 2);
    CHECK(f.connector.sites["marketing"].calls == std::vector<std::string>(4, "list")); // observe never writes
    CHECK(f.connector.sites["finance"].calls == std::vector<std::string>(4, "list"));
    CHECK(run.reconciler.run_cycle(true).reparsed); // SIGHUP: re-parsed although nothing changed
    CHECK(f.connector.connects == 2);
}

TEST_CASE("an idle cycle reuses the last plan only while the list, the manifests and the session are unchanged") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    auto& site = f.connector.sites["marketing"];
    site.hooks.push_back({"id-1", "gitops-a", tabhook::model::Event("WorkbookCreated"), "https://hooks.example.com/a",
                          true, "", "me", "admin", ""});
    Run run(f, Mode::observe);
    CHECK(run.reconciler.run_cycle(false).findings() == 0);
    CHECK(run.reconciler.plans_made() == 1);
    for (int i = 0; i < 3; ++i) CHECK(run.reconciler.run_cycle(false).findings() == 0);
    CHECK(run.reconciler.plans_made() == 1); // idle: the same list, the same manifests

    // Drift made on the server between two cycles: a new list, planned again.
    {
        const std::lock_guard lock(site.mutex);
        site.hooks[0].url = "https://hooks.example.com/z";
    }
    auto drifted = run.reconciler.run_cycle(false);
    REQUIRE(drifted.findings() == 1);
    CHECK(drifted.sites[0].plan.changes[0].reasons[0].starts_with("url changed"));
    CHECK(run.reconciler.plans_made() == 2);
    CHECK(run.reconciler.run_cycle(false).findings() == 1); // still there, from the kept plan
    CHECK(run.reconciler.plans_made() == 2);

    // A manifest edit with the list unchanged: planned again, against the edited manifests.
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "z"));
    auto edited = run.reconciler.run_cycle(false);
    CHECK(edited.reparsed);
    CHECK(edited.findings() == 0);
    CHECK(run.reconciler.plans_made() == 3);
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "y"));
    CHECK(run.reconciler.run_cycle(false).findings() == 1);
    CHECK(run.reconciler.plans_made() == 4);

    // The same list seen by another account: ownership is decided against it, so planned again.
    f.write("a.yaml", Fixture::site("marketing", "marketing", "  prune: owned\n"));
    CHECK(run.reconciler.run_cycle(false).findings() == 1); // gitops-a is tabhook's and undeclared: a delete
    CHECK(run.reconciler.plans_made() == 5);
    {
        const std::lock_guard lock(site.mutex);
        site.user_id = "someone-else";
    }
    CHECK(run.reconciler.run_cycle(false).findings() == 0); // not tabhook's: left alone
    CHECK(run.reconciler.plans_made() == 6);

    // SIGHUP re-parses: planned again although nothing changed.
    run.reconciler.run_cycle(true);
    CHECK(run.reconciler.plans_made() == 7);
}

TEST_CASE("drift findings are logged one line each") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    Run run(f, Mode::observe);
    run.reconciler.run_cycle(false);
    std::size_t drift_lines = 0;
    for (const auto& l : f.log.lines)
        if (l.find("msg=drift site=marketing webhook=gitops-a class=missing") != std::string::npos) ++drift_lines;
    CHECK(drift_lines == 1);
    for (const auto& l : f.log.lines) CHECK(l.find("hooks.example.com/a") == std::string::npos);
}

TEST_CASE("a changed sign-in replaces the session; an unchanged file set is not re-parsed") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing"));
    Run run(f, Mode::observe);
    run.reconciler.run_cycle(false);
    CHECK(f.connector.connects == 1);
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    auto edited = run.reconciler.run_cycle(false);
    CHECK(edited.reparsed);
    CHECK(edited.findings() == 1);
    CHECK(f.connector.connects == 1); // same server, site and credentials: same session
    f.write("a.yaml", Fixture::site("marketing", "sales"));
    run.reconciler.run_cycle(false);
    CHECK(f.connector.connects == 2);
}

TEST_CASE("enforce repairs drift; the next cycle finds none") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    Run run(f, Mode::enforce);
    auto first = run.reconciler.run_cycle(false);
    CHECK(first.findings() == 1);
    REQUIRE(first.sites[0].applied);
    CHECK(count_calls(f.connector.sites["marketing"], "create gitops-a") == 1);
    auto second = run.reconciler.run_cycle(false);
    CHECK(second.findings() == 0);
    CHECK(report::once_exit_code(second) == 0);
}

TEST_CASE("a webhook Tableau keeps disabling is re-enabled once per interval") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-dead", "dead"));
    auto& site = f.connector.sites["marketing"];
    site.hooks.push_back({"dead-1", "gitops-dead", tabhook::model::Event("WorkbookCreated"),
                          "https://hooks.example.com/dead", false, "failing receiver", "me", "admin", ""});
    Run run(f, Mode::enforce);
    auto first = run.reconciler.run_cycle(false);
    CHECK(first.sites[0].suppressed.empty());
    CHECK(count_calls(site, "update dead-1") == 1);
    for (int i = 0; i < 5; ++i) {
        {
            const std::lock_guard lock(site.mutex);
            site.hooks[0].enabled = false; // Tableau disables it again
        }
        f.clock.t += milliseconds(60'000);
        auto again = run.reconciler.run_cycle(false);
        CHECK(again.sites[0].suppressed.size() == 1);
        CHECK(again.findings() == 1);
    }
    CHECK(count_calls(site, "update dead-1") == 1);
    Metrics m;
    update_metrics(m, run.reconciler.run_cycle(false));
    CHECK(m.render().find("tabhook_reenable_suppressed_total{site=\"marketing\"} 1") != std::string::npos);
    f.clock.t += milliseconds(3'600'000);
    run.reconciler.run_cycle(false);
    CHECK(count_calls(site, "update dead-1") == 2);
    bool logged = false;
    for (const auto& l : f.log.lines) logged = logged || l.find("re-enable suppressed") != std::string::npos;
    CHECK(logged);
}

TEST_CASE("a safety brake refuses the site's plan in enforce mode") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing", "  prune: owned\n"));
    auto& site = f.connector.sites["marketing"];
    for (int i = 0; i < 5; ++i)
        site.hooks.push_back({"o" + std::to_string(i), "gitops-" + std::to_string(i),
                              tabhook::model::Event("WorkbookCreated"), "https://hooks.example.com/x", true, "", "me",
                              "admin", ""});
    Run run(f, Mode::enforce);
    auto r = run.reconciler.run_cycle(false);
    CHECK(r.sites[0].refused);
    CHECK_FALSE(r.sites[0].applied);
    CHECK(count_calls(site, "delete") == 0);
    CHECK(report::once_exit_code(r) == 3);
}

TEST_CASE("sites are independent: one failing does not stop the others") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a") +
                          Fixture::site("finance", "finance") + Fixture::hook("finance", "gitops-f", "f"));
    f.connector.sites["finance"].fail_connect = true;
    Run run(f, Mode::enforce);
    auto r = run.reconciler.run_cycle(false);
    CHECK(r.failed());
    CHECK(report::once_exit_code(r) == 1);
    REQUIRE(r.sites.size() == 2);
    const auto& marketing = r.sites[0].site == "marketing" ? r.sites[0] : r.sites[1];
    const auto& finance = r.sites[0].site == "finance" ? r.sites[0] : r.sites[1];
    CHECK(marketing.ok());
    CHECK_FALSE(finance.ok());
    CHECK(count_calls(f.connector.sites["marketing"], "create gitops-a") == 1);
    f.connector.sites["finance"].fail_connect = false;
    auto healed = run.reconciler.run_cycle(false);
    CHECK_FALSE(healed.failed());
    CHECK(count_calls(f.connector.sites["finance"], "create gitops-f") == 1);
}

TEST_CASE("two sites that sign in to one Tableau site are refused before any write on either") {
    Fixture f;
    // Two contentUrls the manifests cannot tell apart from two sites; Tableau gives both one site id.
    f.write("a.yaml", Fixture::site("a", "marketing", "  prune: owned\n") + Fixture::hook("a", "gitops-a", "a") +
                          Fixture::site("b", "marketing-alias", "  prune: owned\n") +
                          Fixture::hook("b", "gitops-b", "b") + Fixture::site("finance", "finance") +
                          Fixture::hook("finance", "gitops-f", "f"));
    f.connector.sites["marketing"].site_id = "5d2c6a5e-0000-4000-8000-000000000001";
    f.connector.sites["marketing-alias"].site_id = "5d2c6a5e-0000-4000-8000-000000000001";
    Run run(f, Mode::enforce);
    auto r = run.reconciler.run_cycle(false);
    REQUIRE(r.sites.size() == 3);
    CHECK(r.failed());
    for (std::size_t i : {0, 1}) {
        INFO(r.sites[i].site);
        CHECK_FALSE(r.sites[i].ok());
        CHECK_FALSE(r.sites[i].applied);
        CHECK(r.sites[i].error.rfind("sites a and b both sign in to Tableau site 5d2c6a5e-0000-4000-8000-000000000001 "
                                     "(a: http://127.0.0.1:9, contentUrl 'marketing', ",
                                     0) == 0);
        CHECK(r.sites[i].plan.changes.empty()); // no drift reported for a site that was not trusted
    }
    CHECK(count_calls(f.connector.sites["marketing"], "create") == 0);
    CHECK(count_calls(f.connector.sites["marketing-alias"], "create") == 0);
    // Another site goes ahead.
    CHECK(r.sites[2].ok());
    CHECK(count_calls(f.connector.sites["finance"], "create gitops-f") == 1);
    std::size_t refused_lines = 0;
    for (const auto& l : f.log.lines)
        refused_lines += l.find("msg=\"refused: two sites are one Tableau site") != std::string::npos;
    CHECK(refused_lines == 2);

    // With name prefixes that cannot overlap, both go ahead on the one site.
    f.write("a.yaml",
            Fixture::site("a", "marketing", "  prune: owned\n  ownership:\n    namePrefix: team-a-\n") +
                Fixture::hook("a", "team-a-1", "a") +
                Fixture::site("b", "marketing-alias", "  prune: owned\n  ownership:\n    namePrefix: team-b-\n") +
                Fixture::hook("b", "team-b-1", "b"));
    auto shared = run.reconciler.run_cycle(false);
    CHECK_FALSE(shared.failed());
    CHECK(count_calls(f.connector.sites["marketing"], "create team-a-1") == 1);
    CHECK(count_calls(f.connector.sites["marketing-alias"], "create team-b-1") == 1);
}

TEST_CASE("suspended sites are left alone in enforce mode") {
    Fixture f;
    f.write("a.yaml",
            Fixture::site("marketing", "marketing", "  suspend: true\n") + Fixture::hook("marketing", "gitops-a", "a"));
    Run run(f, Mode::enforce);
    auto r = run.reconciler.run_cycle(false);
    CHECK(r.sites[0].suspended);
    CHECK(r.sites[0].ok());
    CHECK(f.connector.connects == 0);
}

TEST_CASE("invalid manifests: no site is contacted and the cycle fails") {
    Fixture f;
    f.write("a.yaml", "apiVersion: tabhook/v1\nkind: Site\nmetadata: {name: x}\nspec: {}\n");
    Run run(f, Mode::observe);
    auto r = run.reconciler.run_cycle(false);
    CHECK(r.failed());
    CHECK_FALSE(r.manifest_errors.empty());
    CHECK(f.connector.connects == 0);
    CHECK(report::once_exit_code(r) == 1);
    CHECK_FALSE(run.reconciler.run_cycle(false).reparsed); // the same broken files are not parsed again
}

TEST_CASE("the JSON report holds the drift report and the cycle") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    Run run(f, Mode::observe);
    const auto doc = report::cycle_report_json(run.reconciler.run_cycle(false));
    CHECK(doc["drift"] == 1);
    CHECK(doc["sites"][0]["findings"][0]["name"] == "gitops-a");
    CHECK(doc["cycle"]["number"] == 1);
    CHECK(doc["cycle"]["mode"] == "observe");
    CHECK(doc.dump().find("hooks.example.com/a") == std::string::npos);
}

TEST_CASE("the findings plan is each read site's plan without the webhooks already in sync") {
    tabhook::model::LiveWebhook live;
    live.id = "id-1";
    live.name = "gitops-a";
    live.url = "https://hooks.example.com/a";
    tabhook::plan::SitePlan full;
    full.site = "marketing";
    full.server = "https://tableau.example.com";
    full.content_url = "marketing";
    full.changes.push_back(tabhook::plan::Change{tabhook::plan::Action::remove,
                                                 "gitops-b",
                                                 std::nullopt,
                                                 live,
                                                 false,
                                                 {"not declared"},
                                                 std::nullopt,
                                                 {tabhook::plan::Drift::undeclared}});
    full.unchanged = {live, live};
    full.unmanaged = {live};
    full.owned_undeclared = {live};
    full.brakes.push_back(tabhook::plan::Brake{"mass-delete", "why", true, false});
    full.notes = {"a note"};
    full.declared = 3;
    CycleReport report;
    report.sites.resize(3);
    report.sites[0].listed = true;
    report.sites[0].plan = full;
    report.sites[1].plan = full; // not read: not in the findings
    report.sites[2].suspended = true;
    report.sites[2].plan.site = "sales";
    report.sites[2].plan.suspended = true;
    report.sites[2].plan.error = "e";
    const auto p = report::findings_plan(report);
    REQUIRE(p.sites.size() == 2);
    auto expected = full;
    expected.unchanged.clear();
    CHECK(p.sites[0] == expected);
    CHECK(p.sites[1] == report.sites[2].plan);
}

TEST_CASE("drift notifications go out when the findings change, not every cycle") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") + Fixture::hook("marketing", "gitops-a", "a"));
    Run run(f, Mode::observe);
    DriftAlerter alerter;
    auto first = alerter.observe(run.reconciler.run_cycle(false));
    REQUIRE(first);
    CHECK(first->find("gitops-a (missing)") != std::string::npos);
    CHECK(first->find("hooks.example.com") == std::string::npos);
    alerter.acknowledge();
    CHECK_FALSE(alerter.observe(run.reconciler.run_cycle(false)));
    // The site cannot be read: its findings are kept, nothing is sent.
    f.connector.sites["marketing"].fail_list = true;
    CHECK_FALSE(alerter.observe(run.reconciler.run_cycle(false)));
    f.connector.sites["marketing"].fail_list = false;
    f.write("a.yaml", Fixture::site("marketing", "marketing"));
    auto cleared = alerter.observe(run.reconciler.run_cycle(false));
    REQUIRE(cleared);
    CHECK(nlohmann::json::parse(*cleared)["cleared"] == true);
    // Not acknowledged (the POST failed): tried again next cycle.
    CHECK(alerter.observe(run.reconciler.run_cycle(false)));
}

TEST_CASE("a drift notification's text shows a hostile webhook name as text: no mention, link or extra line") {
    Fixture f;
    f.write("a.yaml", Fixture::site("marketing", "marketing") +
                          Fixture::hook("marketing", "'gitops-<!channel>&<https://evil.example.com|x>'", "a"));
    Run run(f, Mode::observe);
    DriftAlerter alerter;
    const auto body = alerter.observe(run.reconciler.run_cycle(false));
    REQUIRE(body);
    const auto doc = nlohmann::json::parse(*body);
    const std::string text = doc["text"];
    CHECK(text.find("gitops-&lt;!channel&gt;&amp;&lt;https://evil.example.com|x&gt; (missing)") != std::string::npos);
    CHECK(text.find('<') == std::string::npos);
    // The structured field keeps the exact name for programs.
    CHECK(doc["sites"][0]["findings"][0] == "gitops-<!channel>&<https://evil.example.com|x> (missing)");
}

TEST_CASE("sites sharing a personal access token on one server are named") {
    model::Site a, b, c, d;
    a.name = "a";
    b.name = "b";
    c.name = "c";
    d.name = "d";
    for (auto* s : {&a, &b, &c, &d}) {
        s->server = "https://tableau.example.com";
        s->auth.name = "daemon-pat";
    }
    c.auth.name = "other-pat";
    d.auth.kind = model::Auth::Kind::password;
    const auto shared = shared_tokens({a, b, c, d});
    REQUIRE(shared.size() == 1);
    CHECK(shared[0].token_name == "daemon-pat");
    CHECK(shared[0].sites == std::vector<std::string>{"a", "b"});
    b.server = "https://other.example.com";
    CHECK(shared_tokens({a, b, c, d}).empty());
}
