#include "daemon/cycle.hpp"

#include <fmt/format.h>

#include "apply/executor.hpp"
#include "report/result_render.hpp"
#include "tableau/site_groups.hpp"
#include "util/file_lock.hpp"

namespace tabhook::daemon {

CycleReport Reconciler::run_cycle(bool force_reload) {
    CycleReport report;
    report.number = ++cycles_;
    report.mode = options_.mode;
    report.started_unix = clock_.unix_now();
    const auto started = clock_.now();

    const auto& loaded = manifests_.load(force_reload);
    report.reparsed = loaded.reparsed;
    if (loaded.reparsed && commit_lookup) commit_ = commit_lookup();
    report.commit = commit_;
    if (!loaded.desired) {
        report.manifest_errors = loaded.errors;
        // Every diagnostic once per change of the files, then one line per cycle.
        if (loaded.reparsed)
            for (const auto& e : loaded.errors) log_.write(LogLine("error", "manifest error").kv("error", e));
        log_.write(LogLine("error", "manifests invalid: no site contacted")
                       .kv("errors", static_cast<long long>(loaded.errors.size())));
        report.duration_seconds = std::chrono::duration<double>(clock_.now() - started).count();
        return report;
    }
    const std::shared_ptr<const DesiredSites> desired = loaded.desired; // kept alive through the cycle
    if (loaded.reparsed) {
        LogLine line("info", "manifests loaded");
        line.kv("files", static_cast<long long>(loaded.files))
            .kv("sites", static_cast<long long>(desired->sites.size()));
        if (commit_) line.kv("commit", *commit_);
        log_.write(line);
        for (const auto& shared : shared_tokens(desired->sites)) {
            std::string names;
            for (const auto& n : shared.sites) names += (names.empty() ? "" : ",") + n;
            log_.write(LogLine("warn", "sites share a personal access token: one PAT holds one session, so they sign "
                                       "each other out every cycle; give each site its own PAT")
                           .kv("pat", shared.token_name)
                           .kv("sites", names));
        }
    }

    if (desired != memo_desired_) {
        memo_desired_ = desired;
        plan_memos_.assign(desired->sites.size(), PlanMemo{});
    }
    sessions_.retain(desired->sites);
    report.sites.resize(desired->sites.size());
    // Every site is read first, then sites that turn out to be one Tableau site are refused, then the
    // rest are reported and repaired: no write goes to a site before every site's id is known.
    std::vector<std::string> site_ids(desired->sites.size());
    // enforce: a site's lock is held from before its list until its repair is done.
    std::vector<std::optional<util::FileLock>> site_locks(desired->sites.size());
    tableau::for_each_site(desired->sites, [&](std::size_t i) {
        site_ids[i] =
            read_site(report.sites[i], desired->sites[i], desired->webhooks[i], site_locks[i], plan_memos_[i]);
    });
    const auto shared = tableau::shared_site_errors(desired->sites, site_ids);
    tableau::for_each_site(desired->sites, [&](std::size_t i) {
        SiteOutcome& out = report.sites[i];
        if (!shared[i].empty()) {
            out.error = shared[i];
            out.plan = plan::site_header(desired->sites[i], desired->webhooks[i]);
            out.plan.error = shared[i];
            log_.write(LogLine("error", "refused: two sites are one Tableau site; nothing written to it this cycle")
                           .kv("site", out.site)
                           .kv("error", out.error));
            return;
        }
        if (!out.listed) return;
        for (const auto& line : drift_log_lines(out.plan)) log_.write(line);
        if (options_.mode == Mode::enforce && !out.suspended && out.plan.has_changes())
            enforce_site(out, plan_memos_[i].plan, desired->webhooks[i]); // this cycle's: the site was listed
        site_locks[i].reset();
    });

    report.interrupted = options_.interrupted && options_.interrupted->load();
    {
        const std::lock_guard lock(ledger_mutex_);
        ledger_.forget_before(clock_.now() - options_.reenable_interval);
    }
    report.duration_seconds = std::chrono::duration<double>(clock_.now() - started).count();
    return report;
}

std::string Reconciler::read_site(SiteOutcome& out, const model::Site& site,
                                  const std::vector<model::Webhook>& declared, std::optional<util::FileLock>& site_lock,
                                  PlanMemo& memo) {
    out.site = site.name;
    out.plan.site = site.name;
    out.plan.content_url = site.content_url;
    if (options_.interrupted && options_.interrupted->load()) {
        out.error = "interrupted before the site was read";
        return "";
    }
    if (site.suspend && options_.mode == Mode::enforce) {
        // Left alone: not even a sign-in.
        out.suspended = true;
        out.plan = plan::site_header(site, declared);
        return "";
    }
    if (options_.mode == Mode::enforce && !options_.lock_directory.empty()) {
        util::LockWait wait{options_.lock_timeout, options_.interrupted,
                            [&](const std::string& line) { log_.write(LogLine("info", line).kv("site", site.name)); }};
        auto locked = util::lock_site(options_.lock_directory, site.name, site.server, site.content_url,
                                      "tabhook run --mode enforce", wait);
        if (!locked) {
            out.error = locked.error().message;
            log_.write(
                LogLine("error", "site lock not taken: site not read").kv("site", site.name).kv("error", out.error));
            return "";
        }
        site_lock.emplace(std::move(*locked));
    }
    auto client = sessions_.reader(site);
    if (!client) {
        out.error = client.error().message();
        log_.write(LogLine("error", "sign-in failed").kv("site", site.name).kv("error", out.error));
        return "";
    }
    auto live = (*client)->list_webhooks_shared();
    if (!live) {
        out.error = live.error().message();
        log_.write(LogLine("error", "list failed").kv("site", site.name).kv("error", out.error));
        return "";
    }
    out.listed = true;
    const auto& session = (*client)->session();
    if (!memo.live || memo.live != *live || memo.session != session) {
        memo.plan = plan::plan_site(site, declared, **live, plan::SiteContext{session.user_id, session.api_version},
                                    options_.plan);
        ++plans_made_;
        memo.live = std::move(*live);
        memo.session = session;
    }
    out.plan = without_in_sync(memo.plan);
    out.suspended = out.plan.suspended;
    return session.site_id;
}

void Reconciler::enforce_site(SiteOutcome& out, const plan::SitePlan& full,
                              const std::vector<model::Webhook>& declared) {
    if (out.plan.refused()) {
        out.refused = true;
        for (const auto& b : out.plan.brakes)
            if (b.triggered && !b.overridden)
                log_.write(LogLine("error", "refused by safety brake: nothing applied")
                               .kv("site", out.site)
                               .kv("rule", b.rule)
                               .kv("reason", b.message));
        return;
    }
    FilteredPlan filtered;
    {
        const std::lock_guard lock(ledger_mutex_);
        filtered = filter_reenables(full, ledger_, clock_.now(), options_.reenable_interval);
    }
    out.suppressed = filtered.suppressed;
    for (const auto& c : filtered.suppressed)
        log_.write(LogLine("warn", "re-enable suppressed: re-enabled less than --reenable-interval ago")
                       .kv("site", out.site)
                       .kv("webhook", c.name)
                       .kv("id", c.live ? c.live->id : ""));
    if (filtered.plan.changes.empty()) return;

    tableau::WriteClient* writer = sessions_.writer(out.site);
    if (!writer) {
        out.error = "no write session";
        return;
    }
    apply::ApplyOptions options;
    options.parallel = std::max(1, options_.parallel);
    options.test = apply::TestMode::changed;
    options.interrupted = options_.interrupted;
    out.applied = apply::apply_site(filtered.plan, declared, *writer, options);
    {
        const std::lock_guard lock(ledger_mutex_);
        record_reenables(ledger_, *out.applied, clock_.now());
    }
    for (const auto& o : out.applied->outcomes) {
        LogLine line(o.status == plan::Outcome::Status::failed ? "error" : "info", "applied");
        line.kv("site", out.site).kv("webhook", o.change.name).kv("action", plan::to_string(o.change.action));
        line.kv("result", plan::to_string(o.status));
        if (!o.new_id.empty()) line.kv("id", o.new_id);
        if (!o.error.empty()) line.kv("error", o.error);
        log_.write(line);
    }
    for (const auto& t : out.applied->tests) {
        LogLine line(t.passed ? "info" : "warn", "receiver test");
        line.kv("site", out.site).kv("webhook", t.name).kv("id", t.id);
        if (t.status) line.kv("status", *t.status);
        line.kv("result", t.passed ? "passed" : "failed").kv("policy", model::to_string(t.policy));
        line.kv("answer", report::test_answer(t));
        log_.write(line);
    }
    if (!out.applied->error.empty())
        log_.write(LogLine("error", "apply failed").kv("site", out.site).kv("error", out.applied->error));
}

} // namespace tabhook::daemon
