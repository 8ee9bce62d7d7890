#pragma once
// Drift reports: every difference between the manifests and the sites, per site, classified
// (missing, changed, disabled-on-server, duplicate, owned-but-undeclared), each with its reasons.
// Unmanaged webhooks are listed but are not drift.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.hpp"
#include "report/plan_render.hpp"

namespace tabhook::report {

struct DriftContext {
    std::optional<std::string> commit; // the manifests' Git commit, when they live in a checkout
};

// "changed+disabled-on-server": a finding's drift classes, as every report and log line names them.
std::string drift_classes(const plan::Change& c);

int count_drift(const plan::Plan& p);
nlohmann::json drift_to_json(const plan::Plan& p, const DriftContext& context);
std::string render_drift_text(const plan::Plan& p, const DriftContext& context, const TextOptions& options);
std::string render_drift_json(const plan::Plan& p, const DriftContext& context);
std::string render_drift_markdown(const plan::Plan& p, const DriftContext& context);

} // namespace tabhook::report
