#pragma once
// The Tableau REST API under /api/{version}: server info, sign-in/out and webhooks, with Tableau's
// status codes and error bodies. Pure request → response; the transport applies faults and latency.
#include "context.hpp"
#include "http_types.hpp"

namespace fake {

class ApiRoutes {
  public:
    explicit ApiRoutes(Context& ctx) : ctx_(ctx) {}
    HttpResponse handle(const HttpRequest& req, RequestNote& note);

  private:
    Context& ctx_;
};

// "H:MM:SS" as in estimatedTimeToExpiration (hours may exceed 24).
std::string format_hms(long long seconds);

} // namespace fake
