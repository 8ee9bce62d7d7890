#pragma once
// The metrics a cycle updates: manifests valid, the cycle's duration and result, and per site its health,
// drift by class, last success, suppressed re-enables, apply operations and receiver tests.
#include "daemon/metrics.hpp"
#include "report/cycle.hpp"

namespace tabhook::daemon {

void update_metrics(Metrics& metrics, const report::CycleReport& report);

} // namespace tabhook::daemon
