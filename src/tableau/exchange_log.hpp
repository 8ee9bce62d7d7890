#pragma once
// The observer hook on the transport: every HTTP exchange a client makes, seen as it happened (request,
// then response or failure), without a second HTTP code path. `tabhook doctor` uses it twice: to learn
// the server profile from raw answers (a JSON value's type, a status a client accepts either way) and,
// with --record, to write the exchanges for a bug report (tableau/recording.hpp redacts them).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tableau/transport.hpp"

namespace tabhook::tableau {

using ExchangeObserver =
    std::function<void(const HttpRequest& request, const tl::expected<HttpResponse, TransportError>& outcome)>;

// Wraps a Transport; calls the observer after each exchange, on the sending thread.
class ObservedTransport final : public Transport {
  public:
    ObservedTransport(std::shared_ptr<Transport> inner, ExchangeObserver observer)
        : inner_(std::move(inner)), observer_(std::move(observer)) {}
    tl::expected<HttpResponse, TransportError> send(const HttpRequest& request) override;

  private:
    std::shared_ptr<Transport> inner_;
    ExchangeObserver observer_;
};

// One exchange as it went over the wire: unredacted, so it stays in memory (recording.hpp writes it).
struct Exchange {
    std::string step; // what the caller was doing, e.g. "canary: duplicate create"
    std::string method;
    std::string url;
    Headers request_headers;
    std::string request_body;
    int status = 0; // 0: no response
    Headers response_headers;
    std::string response_body;
    std::string failure; // the transport error, when there was no response
};

// Collects exchanges, each tagged with the step in force when it was sent. Thread-safe.
class ExchangeLog {
  public:
    void set_step(std::string step);
    ExchangeObserver observer();
    std::vector<Exchange> all() const;
    std::vector<Exchange> in_step(std::string_view step) const;

  private:
    void add(const HttpRequest& request, const tl::expected<HttpResponse, TransportError>& outcome);
    mutable std::mutex mutex_;
    std::string step_;
    std::vector<Exchange> exchanges_;
};

} // namespace tabhook::tableau
