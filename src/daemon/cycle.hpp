#pragma once
// One reconcile cycle: re-read the manifests (re-parsing only what changed), list every site on its kept
// session, plan, then report (observe) or repair (enforce: safety brakes honoured, re-enables rate
// limited). Sites run in parallel and independently: one failing does not stop the others. Two sites that
// sign in to one Tableau site (the same site id) and may not share it are both refused for the cycle.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/clock.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/manifest_cache.hpp"
#include "daemon/reenable.hpp"
#include "daemon/sessions.hpp"
#include "plan/planner.hpp"
#include "plan/result.hpp"
#include "reconcile/observe.hpp"
#include "report/cycle.hpp"
#include "tableau/client.hpp"
#include "util/file_lock.hpp"
#include "util/stop_token.hpp"

namespace tabhook::daemon {

// The cycle's report and its parts are plain data in report/cycle.hpp, where the renderers print them.
using report::CycleReport;
using report::Mode;
using report::SiteOutcome;
using report::to_string;
using report::without_in_sync;

struct ReconcilerOptions {
    Mode mode = Mode::observe;
    std::chrono::milliseconds reenable_interval{3'600'000};
    plan::PlanOptions plan;
    int parallel = 0;     // --parallel: 0 auto (apply::kParallelAuto), else a fixed limit per site
    util::StopToken stop; // requested: start nothing new
    // enforce: each site's machine-local lock (util/file_lock.hpp) is held from before the list until
    // its repair is done, so an `apply` on this machine never writes to the site at the same time.
    std::string lock_directory; // "": no site lock
    std::chrono::milliseconds lock_timeout{60'000};
};

class Reconciler {
  public:
    Reconciler(ManifestCache& manifests, SessionPool& sessions, ReconcilerOptions options, Log& log, const Clock& clock)
        : manifests_(manifests), sessions_(sessions), options_(std::move(options)), log_(log), clock_(clock) {}

    // `force_reload`: re-parse the manifests even if no file changed (SIGHUP).
    CycleReport run_cycle(bool force_reload);

    // Signs out of every site.
    void shutdown() { sessions_.clear(); }

    // Sites planned (not served from a kept plan) since the start: for tests.
    std::uint64_t plans_made() const { return plans_made_.load(); }

    // The commit the manifests were read at, looked up when they are re-parsed. Null: no lookup.
    std::function<std::optional<std::string>()> commit_lookup;

  private:
    // Re-reads the manifests into `report`; null when they are invalid (logged).
    std::shared_ptr<const reconcile::DesiredSites> load(CycleReport& report, bool force_reload);
    // How this cycle reads the sites: enforce takes each site's lock before its list (into `site_locks`,
    // held until the caller is done repairing the site) and leaves a suspended site alone.
    reconcile::ObserveOptions observe_options(const reconcile::DesiredSites& desired,
                                              std::vector<std::optional<util::FileLock>>& site_locks);
    // Reports the site as read (drift lines) and, in enforce mode, repairs it.
    void finish_site(SiteOutcome& out, const reconcile::SiteObservation& observed);
    // `full`: the site's whole plan, `unchanged` included (apply tells a lost-response create by the ids the
    // site had).
    void enforce_site(SiteOutcome& out, const reconcile::SiteObservation& observed);
    void log_applied(const SiteOutcome& out);

    ManifestCache& manifests_;
    SessionPool& sessions_;
    ReconcilerOptions options_;
    Log& log_;
    const Clock& clock_;
    std::mutex ledger_mutex_;
    ReenableLedger ledger_;
    // An idle cycle (the manifests not re-parsed, a site's list the very one of last cycle because the
    // server's answer was byte-identical) reuses the site's last plan instead of planning again
    // (reconcile::PlanMemo). Planning also depends on options_.plan, which a Reconciler never changes (the
    // event catalogue is compiled in). Any re-parse (an edit, SIGHUP) gives a new DesiredSites and drops
    // every memo; one memo per site.
    std::shared_ptr<const reconcile::DesiredSites> memo_desired_;
    std::vector<reconcile::PlanMemo> plan_memos_;
    std::atomic<std::uint64_t> plans_made_{0};
    std::uint64_t cycles_ = 0;
    std::optional<std::string> commit_;
};

} // namespace tabhook::daemon
