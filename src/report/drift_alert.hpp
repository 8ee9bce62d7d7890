#pragma once
// The body of a drift notification: a JSON summary with a Slack-compatible "text" field, built from the
// findings of a cycle and those last delivered. When to send and how is the daemon's (daemon/drift_alert).
#include <map>
#include <set>
#include <string>

#include "report/cycle.hpp"

namespace tabhook::report {

using FindingSet = std::map<std::string, std::set<std::string>>; // site -> "name (classes)"

// The cycle's findings. A site that could not be read keeps its findings in `previous`, so an outage is not
// reported as drift clearing.
FindingSet drift_findings(const CycleReport& report, const FindingSet& previous);

// {"text", "drift", "previous_drift", "cleared", "mode", "cycle", "commit", "sites": [{site, findings}]}.
// The text shows server-chosen names through util::chat_text: no mention, link or extra line.
std::string drift_alert_body(const FindingSet& now, const FindingSet& before, const CycleReport& report);

} // namespace tabhook::report
