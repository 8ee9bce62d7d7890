#include "daemon/real_connector.hpp"

#include "http/curl_transport.hpp"
#include "http/observed_transport.hpp"

namespace tabhook::daemon {

RealConnector::RealConnector(tableau::ClientOptions options, Metrics& metrics)
    : options_(std::move(options)), metrics_(metrics),
      transport_(std::make_shared<http::CurlTransport>(http::CurlOptions{options_.cacert, options_.user_agent})) {}

tableau::ClientDeps RealConnector::deps_for(const std::string& site) {
    tableau::ClientDeps deps;
    Metrics* metrics = &metrics_;
    // Each exchange counted by method and status ("error" when no response came back).
    deps.transport = std::make_shared<http::ObservedTransport>(
        transport_, [metrics, site](const http::HttpRequest& request,
                                    const tl::expected<http::HttpResponse, http::TransportError>& outcome) {
            metrics->count_api_request(site, request.method,
                                       outcome ? std::to_string(outcome->status) : std::string("error"));
        });
    return deps;
}

tableau::ApiResult<std::unique_ptr<tableau::ReadClient>> RealConnector::connect_read_only(const model::Site& site) {
    return tableau::connect_read_only(site, options_, deps_for(site.name));
}

tableau::ApiResult<std::unique_ptr<tableau::WriteClient>> RealConnector::connect(const model::Site& site) {
    return tableau::connect(site, options_, deps_for(site.name));
}

} // namespace tabhook::daemon
