// CurlTransport against a loopback server: what goes on the wire and how failures are classified.
#include <catch2/catch.hpp>

#include "loopback_server.hpp"
#include "http/curl_transport.hpp"

using namespace tabhook::http;
using namespace tabhook::http::testing;
using std::chrono::milliseconds;

namespace {

HttpRequest request_to(const std::string& url, std::string method = "GET", std::string body = "") {
    HttpRequest r;
    r.method = std::move(method);
    r.url = url;
    r.body = std::move(body);
    r.headers = {{"Accept", "application/json"}, {"User-Agent", "tabhook/test"}};
    if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.connect_timeout = milliseconds{2000};
    r.timeout = milliseconds{2000};
    return r;
}

} // namespace

TEST_CASE("curl transport: sends method, headers and body, reads status, headers and body", "[http]") {
    LoopbackServer server([](const ServerRequest&) { return http_reply(201, R"({"ok":true})", "Retry-After: 5\r\n"); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    const auto response = transport.send(request_to(server.url("/api/3.24/x?y=1"), "POST", R"({"a":1})"));
    REQUIRE(response.has_value());
    CHECK(response->status == 201);
    CHECK(response->body == R"({"ok":true})");
    CHECK(response->header("retry-after") == "5");
    REQUIRE(server.requests().size() == 1);
    const ServerRequest seen = server.requests()[0];
    CHECK(seen.head.starts_with("POST /api/3.24/x?y=1 HTTP/1.1"));
    CHECK(seen.head.find("User-Agent: tabhook/test") != std::string::npos);
    CHECK(seen.head.find("Content-Type: application/json") != std::string::npos);
    CHECK(seen.head.find("Expect:") == std::string::npos);
    CHECK(seen.body == R"({"a":1})");
}

TEST_CASE("curl transport: PUT and DELETE", "[http]") {
    LoopbackServer server([](const ServerRequest&) { return http_reply(204, ""); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    REQUIRE(transport.send(request_to(server.url("/p"), "PUT", "{}")).has_value());
    REQUIRE(transport.send(request_to(server.url("/d"), "DELETE")).has_value());
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].head.starts_with("PUT /p HTTP/1.1"));
    CHECK(seen[0].body == "{}");
    CHECK(seen[1].head.starts_with("DELETE /d HTTP/1.1"));
}

TEST_CASE("curl transport: a POST without a body carries no Content-Type (libcurl would add a form type)", "[http]") {
    LoopbackServer server([](const ServerRequest&) { return http_reply(204, ""); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    REQUIRE(transport.send(request_to(server.url("/api/3.24/auth/signout"), "POST")).has_value());
    REQUIRE(server.requests().size() == 1);
    const ServerRequest seen = server.requests()[0];
    CHECK(seen.head.starts_with("POST /api/3.24/auth/signout HTTP/1.1"));
    CHECK(seen.head.find("Content-Type") == std::string::npos);
    CHECK(seen.head.find("Content-Length: 0") != std::string::npos);
    CHECK(seen.body.empty());
}

TEST_CASE("curl transport: reuses the connection between requests", "[http]") {
    LoopbackServer server([](const ServerRequest&) { return http_reply(200, "{}"); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    for (int i = 0; i < 5; ++i) REQUIRE(transport.send(request_to(server.url("/r"))).has_value());
    CHECK(server.connections() == 1);
}

TEST_CASE("curl transport: writes go on a fresh connection, so libcurl cannot replay them", "[http]") {
    LoopbackServer server([](const ServerRequest&) { return http_reply(200, "{}"); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    REQUIRE(transport.send(request_to(server.url("/r"))).has_value());
    REQUIRE(transport.send(request_to(server.url("/w"), "POST", "{}")).has_value());
    REQUIRE(transport.send(request_to(server.url("/w"), "PUT", "{}")).has_value());
    REQUIRE(transport.send(request_to(server.url("/w"), "DELETE")).has_value());
    CHECK(server.connections() == 4);
}

TEST_CASE("curl transport: does not follow redirects", "[http]") {
    LoopbackServer server(
        [](const ServerRequest&) { return http_reply(302, "", "Location: http://127.0.0.1:1/elsewhere\r\n"); });
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    const auto response = transport.send(request_to(server.url("/r"), "POST", "{}"));
    REQUIRE(response.has_value());
    CHECK(response->status == 302);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("curl transport: classifies failures", "[http]") {
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    SECTION("nothing listening: connect_failed") {
        std::string url;
        {
            LoopbackServer gone([](const ServerRequest&) { return http_reply(200, ""); });
            url = gone.url("/x");
        }
        const auto r = transport.send(request_to(url));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == TransportError::Kind::connect_failed);
    }
    SECTION("a TLS handshake that never completes: connect_failed (nothing was sent)") {
        LoopbackServer server([](const ServerRequest&) { return http_reply(200, ""); });
        std::string url = server.url("/x");
        url.replace(0, 4, "https");
        HttpRequest request = request_to(url, "POST", "{}");
        request.connect_timeout = milliseconds{200};
        const auto r = transport.send(request);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == TransportError::Kind::connect_failed);
    }
    SECTION("no answer in time: timed_out") {
        LoopbackServer server([](const ServerRequest&) { return ServerAction{ServerAction::Kind::hang, ""}; });
        HttpRequest request = request_to(server.url("/slow"), "POST", "{}");
        request.timeout = milliseconds{200};
        const auto r = transport.send(request);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == TransportError::Kind::timed_out);
    }
    SECTION("connection closed without an answer: connection_dropped") {
        LoopbackServer server([](const ServerRequest&) { return ServerAction{ServerAction::Kind::close, ""}; });
        const auto r = transport.send(request_to(server.url("/drop"), "POST", "{}"));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == TransportError::Kind::connection_dropped);
    }
    SECTION("truncated body: connection_dropped, partial") {
        LoopbackServer server([](const ServerRequest&) {
            return ServerAction{ServerAction::Kind::respond,
                                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"webhooks\":"};
        });
        // The server keeps the connection open after the short body; the timeout ends the wait.
        HttpRequest request = request_to(server.url("/short"));
        request.timeout = milliseconds{300};
        const auto r = transport.send(request);
        REQUIRE_FALSE(r.has_value());
        CHECK((r.error().kind == TransportError::Kind::timed_out ||
               r.error().kind == TransportError::Kind::connection_dropped));
        CHECK(r.error().partial);
    }
    SECTION("a body over the limit is refused") {
        LoopbackServer server([](const ServerRequest&) { return http_reply(200, std::string(5000, 'x')); });
        CurlTransport small(CurlOptions{std::nullopt, "tabhook/test", 1000});
        const auto r = small.send(request_to(server.url("/big")));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == TransportError::Kind::other);
        CHECK(r.error().message == "response larger than 1000 bytes");
    }
    SECTION("by default, a body over what 100,000 webhooks need is refused; one at that size is read") {
        // 102,465,536 bytes: not 256 MiB, which let a hostile server cost gigabytes of memory.
        REQUIRE(CurlOptions{}.max_response_bytes == 100'000 * 1024 + 64 * 1024);
        const std::string at_cap(kMaxResponseBytes, 'x');
        LoopbackServer server([&](const ServerRequest& r) {
            return http_reply(200, r.head.find(" /over ") != std::string::npos ? at_cap + "x" : at_cap);
        });
        CurlTransport defaults(CurlOptions{std::nullopt, "tabhook/test"});
        // ~98 MiB over loopback: seconds under a sanitizer on a busy machine, so no 2 s request timeout.
        const auto big_request = [&](const char* path) {
            HttpRequest r = request_to(server.url(path));
            r.timeout = milliseconds{300'000};
            return r;
        };
        const auto over = defaults.send(big_request("/over"));
        REQUIRE_FALSE(over.has_value());
        CHECK(over.error().message == "response larger than " + std::to_string(kMaxResponseBytes) + " bytes");
        const auto at = defaults.send(big_request("/at"));
        REQUIRE(at.has_value());
        CHECK(at->body.size() == kMaxResponseBytes);
    }
}

TEST_CASE("curl transport: https with an unknown CA fails as tls", "[http]") {
    // Plain HTTP on the port: the TLS handshake cannot succeed.
    LoopbackServer server([](const ServerRequest&) { return http_reply(200, ""); },
                          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    CurlTransport transport(CurlOptions{std::nullopt, "tabhook/test"});
    std::string url = server.url("/x");
    url.replace(0, 4, "https");
    const auto r = transport.send(request_to(url));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == TransportError::Kind::tls);
}
