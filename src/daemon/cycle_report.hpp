#pragma once
// What a cycle leaves behind, as pure functions of its CycleReport: the metrics, the JSON report file,
// the one-line systemd STATUS, and the exit code of `--once`.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "daemon/cycle.hpp"
#include "daemon/metrics.hpp"
#include "plan/plan.hpp"

namespace tabhook::daemon {

// The sites' plans as a plan::Plan, for report::drift_to_json and friends: the findings, without the
// webhooks already in sync (`unchanged`), which no drift report shows.
plan::Plan findings_plan(const CycleReport& report);

void update_metrics(Metrics& metrics, const CycleReport& report);

// report::drift_to_json plus a "cycle" object (number, mode, times, errors, what enforce did).
nlohmann::json cycle_report_json(const CycleReport& report);

// "observe: 2 sites, 3 drift findings, 0 errors (cycle 7, 0.12s)".
std::string status_line(const CycleReport& report);

// `--once`: like drift (0 in sync, 2 drift, 1 error), and like apply when enforcing (3 refused, 4 a
// required receiver test failed); the first of 1, 3, 4, 2 wins.
int once_exit_code(const CycleReport& report);

} // namespace tabhook::daemon
