#pragma once
// What a daemon cycle leaves behind for people and programs, as pure functions of its CycleReport: the
// JSON report file (and the "cycle" of /status.json), the one-line systemd STATUS, and the exit code of
// `run --once`.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.hpp"
#include "report/cycle.hpp"

namespace tabhook::report {

// The sites' plans as a plan::Plan, for drift_to_json and friends: the findings, without the webhooks
// already in sync (`unchanged`), which no drift report shows.
plan::Plan findings_plan(const CycleReport& report);

// drift_to_json plus a "cycle" object (number, mode, times, errors, what enforce did).
nlohmann::json cycle_report_json(const CycleReport& report);

// "observe: 2 site(s), 3 drift finding(s), 0 site error(s) (cycle 7, 0.12s)".
std::string status_line(const CycleReport& report);

// `--once`: like drift (0 in sync, 2 drift, 1 error), and like apply when enforcing (3 refused, 4 a
// required receiver test failed); report::exit_code decides which wins.
int once_exit_code(const CycleReport& report);

} // namespace tabhook::report
