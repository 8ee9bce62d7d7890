#include "tableau/client.hpp"

namespace tabhook::tableau {

namespace {

const char* describe(ApiError::Kind kind) {
    switch (kind) {
    case ApiError::Kind::transport: return "request failed";
    case ApiError::Kind::http: return "HTTP error";
    case ApiError::Kind::outcome_unknown: return "outcome unknown: the change may or may not have been made";
    case ApiError::Kind::decode: return "unexpected response";
    case ApiError::Kind::refused: return "refused";
    case ApiError::Kind::unsupported: return "not supported by this server";
    }
    return "error";
}

} // namespace

// "GET /api/3.24/sites/9a8b/webhooks: HTTP 401, Tableau error 401002 (Invalid authentication credentials):
// <detail>". Every field was redacted when the error was made; nothing here adds server text.
std::string ApiError::message() const {
    std::string out = endpoint.empty() ? std::string() : endpoint + ": ";
    if (kind == Kind::http || (http_status != 0 && kind != Kind::decode)) {
        if (kind != Kind::http) out += std::string(describe(kind)) + ", ";
        out += "HTTP " + std::to_string(http_status);
        if (!code.empty()) out += ", Tableau error " + code;
        if (!summary.empty()) out += " (" + summary + ")";
    } else {
        out += describe(kind);
        if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
    }
    if (!detail.empty()) out += ": " + detail;
    return out;
}

} // namespace tabhook::tableau
