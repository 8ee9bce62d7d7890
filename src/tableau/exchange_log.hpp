#pragma once
// Every HTTP exchange a client makes, kept as it happened (seen through http::ObservedTransport). `tabhook
// doctor` uses it twice: to learn the server profile from raw answers (a JSON value's type, a status a
// client accepts either way) and, with --record, to write the exchanges for a bug report
// (tableau/recording.hpp redacts them).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/observed_transport.hpp"

namespace tabhook::tableau {

using http::ExchangeObserver;

// One exchange as it went over the wire: unredacted, so it stays in memory (recording.hpp writes it).
struct Exchange {
    std::string step; // what the caller was doing, e.g. "canary: duplicate create"
    std::string method;
    std::string url;
    http::Headers request_headers;
    std::string request_body;
    int status = 0; // 0: no response
    http::Headers response_headers;
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
    void add(const http::HttpRequest& request, const tl::expected<http::HttpResponse, http::TransportError>& outcome);
    mutable std::mutex mutex_;
    std::string step_;
    std::vector<Exchange> exchanges_;
};

} // namespace tabhook::tableau
