#pragma once
// The Connector the daemon runs with: tableau::connect over one shared libcurl transport, each site's
// requests counted by method and status for /metrics.
#include <memory>

#include "daemon/metrics.hpp"
#include "daemon/sessions.hpp"
#include "http/transport.hpp"

namespace tabhook::daemon {

class RealConnector final : public Connector {
  public:
    RealConnector(tableau::ClientOptions options, Metrics& metrics);
    tableau::ApiResult<std::unique_ptr<tableau::ReadClient>> connect_read_only(const model::Site& site) override;
    tableau::ApiResult<std::unique_ptr<tableau::WriteClient>> connect(const model::Site& site) override;

  private:
    tableau::ClientDeps deps_for(const std::string& site);
    tableau::ClientOptions options_;
    Metrics& metrics_;
    std::shared_ptr<http::Transport> transport_;
};

} // namespace tabhook::daemon
