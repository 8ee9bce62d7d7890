#pragma once
// One reconcile cycle: re-read the manifests (re-parsing only what changed), list every site on its kept
// session, plan, then report (observe) or repair (enforce: safety brakes honoured, re-enables rate
// limited). Sites run in parallel and independently: one failing does not stop the others. Two sites that
// sign in to one Tableau site (the same site id) and may not share it are both refused for the cycle.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/clock.hpp"
#include "daemon/logfmt.hpp"
#include "daemon/manifest_cache.hpp"
#include "daemon/reenable.hpp"
#include "daemon/sessions.hpp"
#include "plan/planner.hpp"
#include "plan/result.hpp"
#include "util/file_lock.hpp"

namespace tabhook::daemon {

enum class Mode { observe, enforce };
const char* to_string(Mode m);

struct ReconcilerOptions {
    Mode mode = Mode::observe;
    std::chrono::milliseconds reenable_interval{3'600'000};
    plan::PlanOptions plan;
    int parallel = 4;
    const std::atomic<bool>* interrupted = nullptr; // stop requested: start nothing new
    // enforce: each site's machine-local lock (util/file_lock.hpp) is held from before the list until
    // its repair is done, so an `apply` on this machine never writes to the site at the same time.
    std::string lock_directory; // "": no site lock
    std::chrono::milliseconds lock_timeout{60'000};
};

struct SiteOutcome {
    std::string site;
    bool suspended = false;
    bool listed = false;
    std::string error;                       // sign-in or list failed (redacted)
    plan::SitePlan plan;                     // what the site differs in, found this cycle
    bool refused = false;                    // enforce: a safety brake held the plan back
    std::optional<plan::SiteResult> applied; // enforce: what was done
    std::vector<plan::Change> suppressed;    // enforce: re-enables held back by --reenable-interval
    bool ok() const;                         // listed and, in enforce mode, repaired without failure
};

struct CycleReport {
    std::uint64_t number = 0;
    Mode mode = Mode::observe;
    bool reparsed = false;
    bool interrupted = false;
    std::vector<std::string> manifest_errors;
    std::vector<SiteOutcome> sites;
    std::optional<std::string> commit;
    double started_unix = 0;
    double duration_seconds = 0;

    int findings() const;
    bool failed() const; // manifests invalid, or a site not ok
};

class Reconciler {
  public:
    Reconciler(ManifestCache& manifests, SessionPool& sessions, ReconcilerOptions options, Log& log, const Clock& clock)
        : manifests_(manifests), sessions_(sessions), options_(options), log_(log), clock_(clock) {}

    // `force_reload`: re-parse the manifests even if no file changed (SIGHUP).
    CycleReport run_cycle(bool force_reload);

    // Signs out of every site.
    void shutdown() { sessions_.clear(); }

    // The commit the manifests were read at, looked up when they are re-parsed. Null: no lookup.
    std::function<std::optional<std::string>()> commit_lookup;

  private:
    // Signs in, lists and plans; returns the site id sign-in gave ("" when the site was not read).
    // Reads a site (taking its lock first in enforce mode: `site_lock` holds it until the caller is done
    // repairing the site) and returns the site id Tableau signed in to, or "".
    std::string read_site(SiteOutcome& out, const model::Site& site, const std::vector<model::Webhook>& declared,
                          std::optional<util::FileLock>& site_lock);
    void enforce_site(SiteOutcome& out, const std::vector<model::Webhook>& declared);

    ManifestCache& manifests_;
    SessionPool& sessions_;
    ReconcilerOptions options_;
    Log& log_;
    const Clock& clock_;
    std::mutex ledger_mutex_;
    ReenableLedger ledger_;
    std::uint64_t cycles_ = 0;
    std::optional<std::string> commit_;
};

} // namespace tabhook::daemon
