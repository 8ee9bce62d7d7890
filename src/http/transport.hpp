#pragma once
// One HTTP exchange, as the client needs it: a request goes out, and either a response comes back or the
// exchange fails in one of a few ways a retry policy tells apart. Abstract so tests can fake it; the
// real one is CurlTransport.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace tabhook::http {

// Header names as sent or received; lookups are case-insensitive.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method; // GET, POST, PUT, DELETE
    std::string url;    // absolute
    Headers headers;
    std::string body; // sent only for POST and PUT
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds timeout{30000}; // the whole exchange
};

struct HttpResponse {
    int status = 0;
    Headers headers; // names lower-cased
    std::string body;
    // The value of the first header with this name (case-insensitive), or "".
    std::string header(std::string_view name) const;
};

struct TransportError {
    enum class Kind {
        connect_failed,     // no request byte reached the server: always safe to send again
        timed_out,          // the request went out and no complete answer came back in time
        connection_dropped, // the connection broke after the request went out
        tls,                // TLS handshake or certificate verification failed
        other,              // anything else (bad URL, response too large, out of memory)
    };
    Kind kind = Kind::other;
    bool partial = false; // connection_dropped/timed_out: part of a response had arrived
    std::string message;  // what went wrong, without the request's URL path, headers or body
};

const char* to_string(TransportError::Kind kind);

class Transport {
  public:
    virtual ~Transport() = default;
    // Thread-safe: called concurrently by every worker sharing a session.
    virtual tl::expected<HttpResponse, TransportError> send(const HttpRequest& request) = 0;
};

// Case-insensitive header lookup shared by requests and responses.
std::string find_header(const Headers& headers, std::string_view name);

} // namespace tabhook::http
