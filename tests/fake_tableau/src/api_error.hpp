#pragma once
// A Tableau-style error: HTTP status plus `<error code="…"><summary/><detail/></error>`.
// Code = HTTP status × 1000 + sub-code (tableau-api.md §1.5).
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

// Unknown webhook id on get/update/delete. Tableau's code is UNCONFIRMED (tableau-api.md §1.5); 404050
// is assumed, following the 404 + 4040xx convention of its other "not found" errors.
inline ApiError webhook_not_found(const std::string& id) {
    return {404, "404050", "Resource Not Found", "Webhook '" + id + "' could not be found."};
}

inline ApiError internal_error(std::string detail) {
    return {500, "500000", "Internal Server Error", std::move(detail)};
}

} // namespace fake
