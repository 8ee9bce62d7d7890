#include "daemon/cycle.hpp"

#include <fmt/format.h>

#include "apply/executor.hpp"
#include "reconcile/execute.hpp"
#include "report/result_render.hpp"
#include "tableau/site_groups.hpp"
#include "util/file_lock.hpp"

namespace tabhook::daemon {

std::shared_ptr<const reconcile::DesiredSites> Reconciler::load(CycleReport& report, bool force_reload) {
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
        return nullptr;
    }
    if (loaded.reparsed) {
        LogLine line("info", "manifests loaded");
        line.kv("files", static_cast<long long>(loaded.files))
            .kv("sites", static_cast<long long>(loaded.desired->sites.size()));
        if (commit_) line.kv("commit", *commit_);
        log_.write(line);
        for (const auto& shared : shared_tokens(loaded.desired->sites)) {
            std::string names;
            for (const auto& n : shared.sites) names += (names.empty() ? "" : ",") + n;
            log_.write(LogLine("warn", "sites share a personal access token: one PAT holds one session, so they sign "
                                       "each other out every cycle; give each site its own PAT")
                           .kv("pat", shared.token_name)
                           .kv("sites", names));
        }
    }
    return loaded.desired;
}

CycleReport Reconciler::run_cycle(bool force_reload) {
    CycleReport report;
    report.number = ++cycles_;
    report.mode = options_.mode;
    report.started_unix = clock_.unix_now();
    const auto started = clock_.now();
    const auto finish = [&] {
        report.duration_seconds = std::chrono::duration<double>(clock_.now() - started).count();
        return std::move(report);
    };
    const std::shared_ptr<const reconcile::DesiredSites> desired = load(report, force_reload); // kept alive
    if (!desired) return finish();

    if (desired != memo_desired_) {
        memo_desired_ = desired;
        plan_memos_.assign(desired->sites.size(), reconcile::PlanMemo{});
    }
    sessions_.retain(desired->sites);
    // Every site is read first, then sites that turn out to be one Tableau site are refused, then the
    // rest are reported and repaired: no write goes to a site before every site's id is known.
    // enforce: a site's lock is held from before its list until its repair is done.
    std::vector<std::optional<util::FileLock>> site_locks(desired->sites.size());
    const auto observed = reconcile::observe(*desired, sessions_, observe_options(*desired, site_locks));
    report.sites.resize(desired->sites.size());
    tableau::for_each_site(desired->sites, [&](std::size_t i) {
        finish_site(report.sites[i], observed[i]);
        site_locks[i].reset();
    });

    report.interrupted = options_.stop.stop_requested();
    {
        const std::lock_guard lock(ledger_mutex_);
        ledger_.forget_before(clock_.now() - options_.reenable_interval);
    }
    return finish();
}

reconcile::ObserveOptions Reconciler::observe_options(const reconcile::DesiredSites& desired,
                                                      std::vector<std::optional<util::FileLock>>& site_locks) {
    reconcile::ObserveOptions o;
    o.plan = options_.plan;
    o.skip_suspended = options_.mode == Mode::enforce; // left alone: not even a sign-in
    o.stop = options_.stop;
    o.memos = &plan_memos_;
    if (options_.mode == Mode::enforce && !options_.lock_directory.empty())
        o.before_read = [this, &desired, &site_locks](std::size_t i) -> std::string {
            const model::Site& site = desired.sites[i];
            util::LockWait wait{options_.lock_timeout, options_.stop, [&](const std::string& line) {
                                    log_.write(LogLine("info", line).kv("site", site.name));
                                }};
            auto locked = util::lock_site(options_.lock_directory, site.name, site.server, site.content_url,
                                          "tabhook run --mode enforce", wait);
            if (!locked) {
                log_.write(LogLine("error", "site lock not taken: site not read")
                               .kv("site", site.name)
                               .kv("error", locked.error().message));
                return locked.error().message;
            }
            site_locks[i].emplace(std::move(*locked));
            return "";
        };
    o.on_read = [this](std::size_t, const reconcile::SiteObservation& s) {
        using Failure = reconcile::SiteObservation::Failure;
        if (s.failure == Failure::sign_in)
            log_.write(LogLine("error", "sign-in failed").kv("site", s.site->name).kv("error", s.error));
        if (s.failure == Failure::list)
            log_.write(LogLine("error", "list failed").kv("site", s.site->name).kv("error", s.error));
        if (s.planned) ++plans_made_;
    };
    return o;
}

void Reconciler::finish_site(SiteOutcome& out, const reconcile::SiteObservation& observed) {
    out.site = observed.site->name;
    out.listed = observed.live != nullptr;
    out.error = observed.error;
    if (observed.failure == reconcile::SiteObservation::Failure::shared_site) {
        out.plan = plan::site_header(*observed.site, *observed.declared);
        out.plan.error = out.error;
        out.suspended = observed.plan->suspended;
        log_.write(LogLine("error", "refused: two sites are one Tableau site; nothing written to it this cycle")
                       .kv("site", out.site)
                       .kv("error", out.error));
        return;
    }
    if (!out.listed) {
        out.plan = *observed.plan; // the header of a suspended site, or only the site's name and contentUrl
        out.suspended = observed.skipped_suspended;
        return;
    }
    out.plan = without_in_sync(*observed.plan);
    out.suspended = out.plan.suspended;
    for (const auto& line : drift_log_lines(out.plan)) log_.write(line);
    if (options_.mode == Mode::enforce && !out.suspended && out.plan.has_changes()) enforce_site(out, observed);
}

void Reconciler::enforce_site(SiteOutcome& out, const reconcile::SiteObservation& observed) {
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
        filtered = filter_reenables(*observed.plan, ledger_, clock_.now(), options_.reenable_interval);
    }
    out.suppressed = filtered.suppressed;
    for (const auto& c : filtered.suppressed)
        log_.write(LogLine("warn", "re-enable suppressed: re-enabled less than --reenable-interval ago")
                       .kv("site", out.site)
                       .kv("webhook", c.name)
                       .kv("id", c.live ? c.live->id : ""));
    if (filtered.plan.changes.empty()) return;

    apply::ApplyOptions options;
    options.parallel = options_.parallel;
    options.test = apply::TestMode::changed;
    options.stop = options_.stop;
    auto applied = reconcile::execute_site(*observed.site, filtered.plan, *observed.declared, sessions_, options);
    if (!applied) {
        out.error = "no write session";
        return;
    }
    out.applied = std::move(*applied);
    {
        const std::lock_guard lock(ledger_mutex_);
        record_reenables(ledger_, *out.applied, clock_.now());
    }
    log_applied(out);
}

void Reconciler::log_applied(const SiteOutcome& out) {
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
