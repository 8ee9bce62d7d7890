#pragma once
// Drift notifications: a JSON summary (report/drift_alert.hpp) POSTed to a URL when the set of findings
// changes (drift appears, changes or clears), not every cycle. A site that could not be read keeps its last
// known findings, so an outage is not reported as drift clearing. A failed POST is tried again next cycle.
// The URL is a secret: it is only ever shown through util::redact_url.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "daemon/logfmt.hpp"
#include "daemon/metrics.hpp"
#include "report/cycle.hpp"
#include "report/drift_alert.hpp"
#include "http/transport.hpp"

namespace tabhook::daemon {

class DriftAlerter {
  public:
    // The summary to send when the findings differ from the last acknowledged ones; nothing otherwise.
    std::optional<std::string> observe(const report::CycleReport& report);
    // The summary was delivered: later cycles compare against it.
    void acknowledge() { acknowledged_ = current_; }

  private:
    report::FindingSet current_;
    report::FindingSet acknowledged_;
};

// Where the URL comes from: the file's first line, else TABHOOK_NOTIFY_URL; "" when neither is set.
std::string read_notify_url(const std::string& file, std::string& error);

// Sends the summaries over HTTP; errors are logged with the URL redacted.
class AlertSender {
  public:
    AlertSender(std::string url_file, std::shared_ptr<http::Transport> transport, Log& log, Metrics& metrics,
                std::chrono::milliseconds timeout)
        : url_file_(std::move(url_file)), transport_(std::move(transport)), log_(log), metrics_(metrics),
          timeout_(timeout) {}
    // Posts the body; true on a 2xx answer.
    bool send(const std::string& body);

  private:
    std::string url_file_;
    std::shared_ptr<http::Transport> transport_;
    Log& log_;
    Metrics& metrics_;
    std::chrono::milliseconds timeout_;
};

} // namespace tabhook::daemon
