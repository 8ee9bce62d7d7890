#pragma once
// The step plan, apply, drift, test and export share: for every selected site sign in, list the live
// webhooks and compute the site's plan. Sites run in parallel, except those sharing a personal access
// token, which run one after another (tableau::for_each_site). Sites that turn out to be one Tableau site
// (the same site id at sign-in) and may not share it get an error before anything is written to either.
#include <memory>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "plan/planner.hpp"
#include "plan/result.hpp"
#include "tableau/client.hpp"

namespace tabhook::cli {

struct PlannedSite {
    const model::Site* site = nullptr;
    const std::vector<model::Webhook>* declared = nullptr;
    // Access::write only. A site that shares its PAT with another site signs out once listed (the other's
    // sign-in would end its session anyway) and signs in again in writer().
    std::unique_ptr<tableau::WriteClient> writer;
    bool reconnect = false;
    std::string site_id; // as the first sign-in returned it; "" when the site was not signed in
    model::LiveWebhooks live;
    plan::SitePlan plan;
    std::string error; // the site could not be reached or listed: its plan is empty
    bool ok() const { return error.empty(); }
};

enum class Access { read_only, write };

std::vector<PlannedSite> plan_sites(const Desired& desired, const tableau::ClientOptions& client_options,
                                    const plan::PlanOptions& plan_options, Access access);

// The site's write client, signing in again if it signed out after listing; null (with s.error set) when
// that sign-in fails, or when the site was never signed in (suspended, or unreachable).
tableau::WriteClient* writer(PlannedSite& s, const tableau::ClientOptions& client_options);

plan::Plan collect_plan(const std::vector<PlannedSite>& sites);

// Prints what apply or test did to stdout, in the --format asked for.
void print_result(const plan::Result& result, const CommonOptions& options);

// Prints the site's error to stderr.
void report_site_error(const PlannedSite& s);
// Prints each unreachable site's error to stderr; true when there was any.
bool report_site_errors(const std::vector<PlannedSite>& sites);

} // namespace tabhook::cli
