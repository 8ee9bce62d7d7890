#pragma once
// What the status endpoint shows, kept between cycles: the last complete cycle's report, and every
// receiver test any cycle ran (tests are sticky: the page shows the last test of each webhook, however long
// ago it ran). Thread-safe: the loop records, the endpoint's thread takes snapshots.
#include <cstdint>
#include <mutex>

#include "report/cycle.hpp"
#include "report/status_page.hpp"

namespace tabhook::daemon {

class StatusBoard {
  public:
    void record(const report::CycleReport& report, std::int64_t now_unix);
    report::StatusSnapshot snapshot() const;

  private:
    mutable std::mutex mutex_;
    report::StatusSnapshot last_;
};

} // namespace tabhook::daemon
