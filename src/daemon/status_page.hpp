#pragma once
// The daemon's status page (`/` on the --listen address): each site's last cycle, its drift findings and
// the last receiver test of each webhook, as one self-contained HTML page (no external assets) that
// refreshes itself. Built from the cycle reports, which hold no secret: URLs never reach them.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "util/escape.hpp"

namespace tabhook::daemon {

class StatusBoard {
  public:
    // Keeps the cycle's report, and every receiver test it ran (tests are sticky across cycles: the
    // page shows the last test of each webhook, however long ago it ran).
    void record(const nlohmann::json& cycle_report, std::int64_t now_unix);
    // {"cycle": the last report (or null), "tests": {site: {webhook: {status, passed, at}}}}
    nlohmann::json snapshot() const;

  private:
    mutable std::mutex mutex_;
    nlohmann::json last_ = nullptr;
    std::map<std::string, std::map<std::string, nlohmann::json>> tests_;
};

// The page for a snapshot; `refresh_seconds` goes in a meta refresh.
std::string render_status_page(const nlohmann::json& snapshot, int refresh_seconds = 10);

using util::html_escape; // the page escapes every value it shows with it

} // namespace tabhook::daemon
