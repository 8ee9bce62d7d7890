#pragma once
// Saved plans (`plan --out FILE`, `apply --plan FILE`). A saved plan holds no secret: URLs appear only
// redacted with a fingerprint, and a site's inputs only as fingerprints. `apply --plan` re-reads the
// manifests and the site, builds the same document again, and executes only when both agree on every
// site's inputs and on every webhook the plan touches, declares or owns.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/desired.hpp"
#include "plan/plan.hpp"

namespace tabhook::report {

inline constexpr const char* kSavedPlanKind = "tabhook-saved-plan";

// The largest saved plan `apply --plan` reads. A plan that replaces 100,000 webhooks with 100-character
// names is 132 MiB (measured by a test in tests/unit/report/saved_plan_test.cpp, which fails should the
// format outgrow the bound); a file beyond this is not a saved plan, and reading it would only use memory.
inline constexpr std::size_t kMaxSavedPlanBytes = std::size_t{256} << 20;

// `sites` holds the desired Site for each SitePlan, in the same order.
nlohmann::json make_saved_plan(const plan::Plan& p, const std::vector<model::Site>& sites);

// Differences between a saved plan and the one built now; empty when apply may go ahead.
std::vector<std::string> compare_saved_plans(const nlohmann::json& saved, const nlohmann::json& current);

} // namespace tabhook::report
