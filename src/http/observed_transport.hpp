#pragma once
// A Transport that passes every exchange on and shows it to an observer, as it happened (request, then
// response or failure), without a second HTTP code path. `tabhook doctor` logs the exchanges through it
// (tableau/exchange_log.hpp); the daemon counts each site's requests by method and status for /metrics.
#include <functional>
#include <memory>

#include "http/transport.hpp"

namespace tabhook::http {

using ExchangeObserver =
    std::function<void(const HttpRequest& request, const tl::expected<HttpResponse, TransportError>& outcome)>;

// Wraps a Transport; calls the observer after each exchange, on the sending thread.
class ObservedTransport final : public Transport {
  public:
    ObservedTransport(std::shared_ptr<Transport> inner, ExchangeObserver observer)
        : inner_(std::move(inner)), observer_(std::move(observer)) {}
    tl::expected<HttpResponse, TransportError> send(const HttpRequest& request) override {
        auto outcome = inner_->send(request);
        if (observer_) observer_(request, outcome);
        return outcome;
    }

  private:
    std::shared_ptr<Transport> inner_;
    ExchangeObserver observer_;
};

} // namespace tabhook::http
