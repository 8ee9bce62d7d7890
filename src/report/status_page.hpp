#pragma once
// The daemon's status page (`/` on the --listen address) and /status.json: each site's last cycle, its drift
// findings and the last receiver test of each webhook. The page is one self-contained HTML document (no
// external assets) that refreshes itself. Rendered from the typed cycle report, which holds no secret: URLs
// never reach it. Every value the page shows goes through util::html_escape.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "report/cycle.hpp"

namespace tabhook::report {

// The last receiver test of one webhook, however many cycles ago it ran.
struct ReceiverTestSeen {
    std::optional<int> status; // what Tableau's test reported; none when it reported no status
    std::string answer;        // report::test_answer; "" shows the status instead
    bool passed = false;
    std::int64_t at = 0; // unix seconds
};

// site -> webhook -> its last test.
using ReceiverTests = std::map<std::string, std::map<std::string, ReceiverTestSeen>>;

struct StatusSnapshot {
    std::shared_ptr<const CycleReport> cycle; // the last complete cycle; null before the first
    ReceiverTests tests;
};

// Keeps the receiver tests the cycle ran as each webhook's last, seen at `now_unix`.
void record_tests(ReceiverTests& tests, const CycleReport& report, std::int64_t now_unix);

// {"cycle": cycle_report_json of the last cycle (or null), "tests": {site: {webhook: {status, answer, passed,
// at}}}}
nlohmann::json status_json(const StatusSnapshot& snapshot);

// The page for a snapshot; `refresh_seconds` goes in a meta refresh.
std::string render_status_page(const StatusSnapshot& snapshot, int refresh_seconds = 10);

} // namespace tabhook::report
