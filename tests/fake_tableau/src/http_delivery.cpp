// The one place the fake opens outbound connections; callers have already checked that the destination
// is a loopback address.
#include "deliveries.hpp"

#include <httplib.h>

namespace fake {

DeliveryResult http_post(const ParsedUrl& url, const std::string& body, std::chrono::milliseconds timeout) {
    DeliveryResult r;
    // "localhost" is mapped here so that not even the resolver is consulted.
    const std::string host = url.host == "localhost" ? "127.0.0.1" : url.host;
    const std::string authority = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    httplib::Client cli(url.scheme + "://" + authority + ":" + std::to_string(url.port));
    const auto sec = static_cast<time_t>(timeout.count() / 1000);
    const auto usec = static_cast<time_t>((timeout.count() % 1000) * 1000);
    cli.set_connection_timeout(sec, usec);
    cli.set_read_timeout(sec, usec);
    cli.set_write_timeout(sec, usec);
    cli.set_keep_alive(false);
    // Tableau requires a publicly trusted certificate; a loopback test receiver cannot have one, so the
    // fake does not verify (documented deviation).
    cli.enable_server_certificate_verification(false);
    const httplib::Headers headers{{"User-Agent", kDeliveryUserAgent}};
    auto res = cli.Post(url.target.c_str(), headers, body, "application/json");
    if (!res) {
        const auto err = res.error();
        r.error = (err == httplib::Error::Read || err == httplib::Error::ConnectionTimeout)
                      ? "timeout: the destination did not answer in time"
                      : "connection failed: " + httplib::to_string(err);
        return r;
    }
    r.status = res->status;
    r.body = res->body;
    return r;
}

} // namespace fake
