#pragma once
// What the commands that read sites print about them: each site that could not be read, and what apply or
// test did. Reading the sites is reconcile::observe (reconcile/observe.hpp).
#include <memory>
#include <vector>

#include "cli/common.hpp"
#include "plan/result.hpp"
#include "reconcile/observe.hpp"

namespace tabhook::cli {

// The first steps of plan, drift and export: load the manifests, read the client's options, and observe
// every selected site read-only. `exit_code` is not 0 when a step before observing failed.
struct ReadOnlyRun {
    std::unique_ptr<reconcile::DesiredSites> desired; // the observations point into it
    std::vector<reconcile::SiteObservation> sites;
    int exit_code = 0;
};
ReadOnlyRun observe_read_only(const CommonOptions& options, const plan::PlanOptions& plan = {});

// Prints what apply or test did to stdout, in the --format asked for. In text, after the live lines that
// already showed each result on stdout (cli/live_report): only what needs attention, then the summary.
void print_result(const plan::Result& result, const CommonOptions& options);

// Prints the site's error to stderr.
void report_site_error(const reconcile::SiteObservation& s);
// Prints each unreachable site's error to stderr; true when there was any.
bool report_site_errors(const std::vector<reconcile::SiteObservation>& sites);

} // namespace tabhook::cli
