#include "daemon/real_connector.hpp"

#include "tableau/curl_transport.hpp"

namespace tabhook::daemon {

tl::expected<tableau::HttpResponse, tableau::TransportError>
CountingTransport::send(const tableau::HttpRequest& request) {
    auto result = inner_->send(request);
    if (count_) count_(request.method, result ? std::to_string(result->status) : std::string("error"));
    return result;
}

RealConnector::RealConnector(tableau::ClientOptions options, Metrics& metrics)
    : options_(std::move(options)), metrics_(metrics),
      transport_(std::make_shared<tableau::CurlTransport>(tableau::CurlOptions{options_.cacert, options_.user_agent})) {
}

tableau::ClientDeps RealConnector::deps_for(const std::string& site) {
    tableau::ClientDeps deps;
    Metrics* metrics = &metrics_;
    deps.transport = std::make_shared<CountingTransport>(
        transport_, [metrics, site](const std::string& method, const std::string& status) {
            metrics->count_api_request(site, method, status);
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
