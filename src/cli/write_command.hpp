#pragma once
// What apply and test set up before they read any site: the manifests, a live report (cli/live_report.hpp)
// told about Ctrl-C, and the client's options, which stop retrying once Ctrl-C is pressed.
#include <atomic>
#include <optional>

#include "cli/common.hpp"
#include "cli/live_report.hpp"
#include "reconcile/desired.hpp"
#include "tableau/client.hpp"
#include "util/stop_token.hpp"

namespace tabhook::cli {

class WriteCommand {
  public:
    explicit WriteCommand(const CommonOptions& options) : options_(options), live_(options) {}

    // Loads the manifests, installs the interrupt handlers and reads the client's options. 0, or the exit
    // code to end with: the manifests' (1 invalid, 64 an unknown --site) or 64 for a bad allowlist.
    int setup();

    const reconcile::DesiredSites& desired() const { return *desired_; }
    const tableau::ClientOptions& client() const { return *client_; }
    LiveReport& live() { return live_; }
    util::StopToken stop() const { return stop_; }
    bool interrupted() const { return stop_.stop_requested(); }

  private:
    const CommonOptions& options_;
    LiveReport live_;
    std::optional<reconcile::DesiredSites> desired_;
    util::StopToken stop_;
    std::optional<InterruptHooks> hooks_;
    std::optional<tableau::ClientOptions> client_;
};

} // namespace tabhook::cli
