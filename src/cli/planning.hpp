#pragma once
// The step plan, apply, drift and the daemon share: for every selected site (in parallel, sites are
// independent) sign in, list the live webhooks and compute the site's plan.
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
    std::unique_ptr<tableau::ReadClient> reader;  // plan, drift: cannot send a write
    std::unique_ptr<tableau::WriteClient> writer; // apply, test
    model::LiveWebhooks live;
    plan::SitePlan plan;
    std::string error; // the site could not be reached or listed: its plan is empty
    bool ok() const { return error.empty(); }
};

enum class Access { read_only, write };

std::vector<PlannedSite> plan_sites(const Desired& desired, const tableau::ClientOptions& client_options,
                                    const plan::PlanOptions& plan_options, Access access);

plan::Plan collect_plan(const std::vector<PlannedSite>& sites);

// Prints what apply or test did to stdout, in the --format asked for.
void print_result(const plan::Result& result, const CommonOptions& options);

// Prints each unreachable site's error to stderr; true when there was any.
bool report_site_errors(const std::vector<PlannedSite>& sites);

} // namespace tabhook::cli
