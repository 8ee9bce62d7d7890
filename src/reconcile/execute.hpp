#pragma once
// Execute: make a site match its plan through its write session (the changes, the verification re-list,
// then the receiver tests: apply_site), or only test its declared webhooks (`tabhook test`).
// The one way the CLI's apply and test and the daemon's enforce mode write to a site.
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "apply/executor.hpp"
#include "reconcile/observe.hpp"
#include "reconcile/sessions.hpp"

namespace tabhook::reconcile {

// One site's apply through `client`: apply::SiteRun's phases in their order, the verification re-list (a
// list of the site after it was written to) between the writes and the receiver tests.
plan::SiteResult apply_site(const plan::SitePlan& site_plan, const std::vector<model::Webhook>& declared,
                            tableau::WriteClient& client, const apply::ApplyOptions& options);

// Applies `site_plan` (the observed plan, or what the caller keeps of it) to the site; the error when the
// site has no write session (its sign-in again failed).
tl::expected<plan::SiteResult, std::string> execute_site(const model::Site& site, const plan::SitePlan& site_plan,
                                                         const std::vector<model::Webhook>& declared,
                                                         Sessions& sessions, const apply::ApplyOptions& options);

// Tests the site's declared webhooks against the list it was observed with, changing nothing; the error
// when the site has no write session.
tl::expected<std::vector<plan::TestOutcome>, std::string> test_site(const SiteObservation& observed, Sessions& sessions,
                                                                    const apply::ApplyOptions& options);

// What an apply did to every observed site, sites run as in observe(): a suspended site is reported
// suspended, a site not ok carries its error, the rest are executed with their observed plan.
plan::Result execute(std::vector<SiteObservation>& sites, const DesiredSites& desired, Sessions& sessions,
                     const apply::ApplyOptions& options);

} // namespace tabhook::reconcile
