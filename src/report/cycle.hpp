#pragma once
// What one daemon cycle found and did, as plain data: each site's findings (its plan without the webhooks
// in sync) and, in enforce mode, what was repaired. The daemon's reconcile loop fills it; the renderers
// (report/cycle_report.hpp, report/status_page.hpp, report/drift_alert.hpp) print it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/named.hpp"
#include "plan/plan.hpp"
#include "plan/result.hpp"

namespace tabhook::report {

enum class Mode { observe, enforce };
std::span<const model::Named<Mode>> mode_names(); // observe, enforce: to_string and `run --mode`
const char* to_string(Mode m);

struct SiteOutcome {
    std::string site;
    bool suspended = false;
    bool listed = false;
    std::string error; // sign-in or list failed (redacted)
    // What the site differs in, found this cycle: the site's plan without `unchanged` (without_in_sync),
    // since nothing reports the webhooks in sync and copying them every idle cycle would cost more than
    // the rest of the cycle.
    plan::SitePlan plan;
    bool refused = false;                    // enforce: a safety brake held the plan back
    std::optional<plan::SiteResult> applied; // enforce: what was done
    std::vector<plan::Change> suppressed;    // enforce: re-enables held back by --reenable-interval
    bool ok() const;                         // listed and, in enforce mode, repaired without failure
};

// `p` without the webhooks already in sync (every member but `unchanged`).
plan::SitePlan without_in_sync(const plan::SitePlan& p);

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

} // namespace tabhook::report
