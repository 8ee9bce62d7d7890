#pragma once
// A Tableau-style error: HTTP status plus `<error code="…"><summary/><detail/></error>`.
// Code = HTTP status × 1000 + sub-code (tableau-api.md §1.5).
#include "profile.hpp"

#include <string>
#include <utility>
#include <variant>

namespace fake {

struct ApiError {
    int status = 500;
    std::string code = "500000";
    std::string summary;
    std::string detail;
};

// Either a value or the error a handler answers with.
template <class T> using Outcome = std::variant<T, ApiError>;

template <class T> const ApiError* error_of(const Outcome<T>& o) { return std::get_if<ApiError>(&o); }
template <class T> T& value_of(Outcome<T>& o) { return std::get<T>(o); }

inline ApiError bad_request(std::string detail) { return {400, "400000", "Bad Request", std::move(detail)}; }

// 404003 with the wording of Tableau's own answer (fixture server_info_404.xml):
// "Unknown resource '/2.4/serverInfo' specified in URI." — the path is given without the /api prefix.
inline ApiError unknown_resource(const std::string& path_after_api) {
    return {404, "404003", "Resource Not Found", "Unknown resource '" + path_after_api + "' specified in URI."};
}

// Unknown webhook id on get/update/delete. Tableau's answer is UNCONFIRMED (tableau-api.md §1.5), so it is
// a row of the assumption matrix (--unknown-webhook): 404 + 404050 by default, following the 404 + 4040xx
// convention of Tableau's other "not found" errors; `404-other` answers 404000, the generic sub-code (the
// one a site id gets: a client cannot tell the two apart by code); `400` answers 400113, the one code
// Tableau documents for "the webhook does not exist" (its Test section, WD-2020). All three assumed.
inline ApiError webhook_not_found(const std::string& id, UnknownWebhook mode = UnknownWebhook::code_404050) {
    const std::string detail = "Webhook '" + id + "' could not be found.";
    switch (mode) {
    case UnknownWebhook::code_404050: break;
    case UnknownWebhook::other_404: return {404, "404000", "Resource Not Found", detail};
    case UnknownWebhook::bad_request_400: return {400, "400113", "Bad Request", detail};
    }
    return {404, "404050", "Resource Not Found", detail};
}

inline ApiError internal_error(std::string detail) {
    return {500, "500000", "Internal Server Error", std::move(detail)};
}

} // namespace fake
