#pragma once
// The control API under /_fake/ (loopback clients only; the transport checks that): reset, request log,
// faults, events, deliveries, sessions, a cross-site webhook listing, Tableau's auto-disable, and the
// built-in receivers at /_fake/receiver/{name}. Answers are plain JSON, not Tableau's format.
#include "context.hpp"
#include "http_types.hpp"

namespace fake {

class ControlApi {
  public:
    explicit ControlApi(Context& ctx) : ctx_(ctx) {}
    HttpResponse handle(const HttpRequest& req);

  private:
    HttpResponse reset(const HttpRequest& req);
    HttpResponse fire_event(const HttpRequest& req);
    HttpResponse receiver(const HttpRequest& req, const std::string& name);
    HttpResponse disable(const HttpRequest& req, const std::string& id);

    Context& ctx_;
};

// The statusChangeReason Tableau sets when it disables a webhook after failed deliveries is UNCONFIRMED
// (tableau-api.md §5); this text is assumed.
inline constexpr const char* kAutoDisableReason = "Webhook disabled automatically after repeated delivery failures";

} // namespace fake
