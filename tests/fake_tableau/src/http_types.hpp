#pragma once
// The fake's own request/response types, so that only the transport (server.cpp, http_delivery.cpp)
// includes httplib.h: handlers stay cheap to compile and can be called without a socket.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fake {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;
    std::string path;   // without the query string
    std::string target; // path and query as received
    Pairs query;        // decoded query parameters, in order
    std::string body;
    std::string accept;
    std::string content_type;
    std::string auth_token; // X-Tableau-Auth (header names are case-insensitive)
    std::string user_agent;
    std::string remote_addr;

    std::optional<std::string> query_value(std::string_view key) const {
        for (const auto& [k, v] : query)
            if (k == key) return v;
        return std::nullopt;
    }
};

struct HttpResponse {
    int status = 200;
    std::string content_type;
    std::string body;
    Pairs headers;
};

// What a handler tells the request log beyond method, path and status.
struct RequestNote {
    int session = 0;    // serial number of the session whose token was used (0: none)
    std::string user;   // user name of that session, or of a sign-in attempt
    std::string site;   // contentUrl of that session's site
    std::string signin; // "password" | "pat:<name>" on sign-in requests
    std::string fault;  // kind of injected fault, if one was applied
};

} // namespace fake
