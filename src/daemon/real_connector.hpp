#pragma once
// The Connector the daemon runs with: tableau::connect over one shared libcurl transport, each site's
// requests counted by method and status for /metrics.
#include <memory>

#include "daemon/metrics.hpp"
#include "daemon/sessions.hpp"
#include "tableau/transport.hpp"

namespace tabhook::daemon {

// Passes every exchange on and reports its method and status ("error" when no response came back).
class CountingTransport final : public tableau::Transport {
  public:
    using Count = std::function<void(const std::string& method, const std::string& status)>;
    CountingTransport(std::shared_ptr<tableau::Transport> inner, Count count)
        : inner_(std::move(inner)), count_(std::move(count)) {}
    tl::expected<tableau::HttpResponse, tableau::TransportError> send(const tableau::HttpRequest& request) override;

  private:
    std::shared_ptr<tableau::Transport> inner_;
    Count count_;
};

class RealConnector final : public Connector {
  public:
    RealConnector(tableau::ClientOptions options, Metrics& metrics);
    tableau::ApiResult<std::unique_ptr<tableau::ReadClient>> connect_read_only(const model::Site& site) override;
    tableau::ApiResult<std::unique_ptr<tableau::WriteClient>> connect(const model::Site& site) override;

  private:
    tableau::ClientDeps deps_for(const std::string& site);
    tableau::ClientOptions options_;
    Metrics& metrics_;
    std::shared_ptr<tableau::Transport> transport_;
};

} // namespace tabhook::daemon
