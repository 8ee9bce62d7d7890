#include "http/transport.hpp"

#include "util/strings.hpp"

namespace tabhook::http {

const char* to_string(TransportError::Kind kind) {
    switch (kind) {
    case TransportError::Kind::connect_failed: return "could not connect";
    case TransportError::Kind::timed_out: return "timed out";
    case TransportError::Kind::connection_dropped: return "connection dropped";
    case TransportError::Kind::tls: return "TLS failure";
    case TransportError::Kind::other: return "transport failure";
    }
    return "transport failure";
}

std::string find_header(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (util::iequals(key, name)) return value;
    return "";
}

std::string HttpResponse::header(std::string_view name) const { return find_header(headers, name); }

} // namespace tabhook::http
