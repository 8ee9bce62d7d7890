#include "tableau/exchange_log.hpp"

namespace tabhook::tableau {

void ExchangeLog::set_step(std::string step) {
    std::lock_guard lock(mutex_);
    step_ = std::move(step);
}

ExchangeObserver ExchangeLog::observer() {
    return [this](const http::HttpRequest& request,
                  const tl::expected<http::HttpResponse, http::TransportError>& outcome) { add(request, outcome); };
}

void ExchangeLog::add(const http::HttpRequest& request,
                      const tl::expected<http::HttpResponse, http::TransportError>& outcome) {
    Exchange e;
    e.method = request.method;
    e.url = request.url;
    e.request_headers = request.headers;
    e.request_body = request.body;
    if (outcome) {
        e.status = outcome->status;
        e.response_headers = outcome->headers;
        e.response_body = outcome->body;
    } else {
        e.failure = std::string(to_string(outcome.error().kind)) + ": " + outcome.error().message;
    }
    std::lock_guard lock(mutex_);
    e.step = step_;
    exchanges_.push_back(std::move(e));
}

std::vector<Exchange> ExchangeLog::all() const {
    std::lock_guard lock(mutex_);
    return exchanges_;
}

std::vector<Exchange> ExchangeLog::in_step(std::string_view step) const {
    std::lock_guard lock(mutex_);
    std::vector<Exchange> out;
    for (const auto& e : exchanges_)
        if (e.step == step) out.push_back(e);
    return out;
}

} // namespace tabhook::tableau
