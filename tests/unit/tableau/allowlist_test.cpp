#include <catch2/catch.hpp>

#include "tableau/allowlist.hpp"

using namespace tabhook::tableau;

TEST_CASE("allowlist: the base URL keeps a path prefix and drops trailing slashes", "[tableau]") {
    CHECK(check_server("https://Tableau.Example.com/", {}).value() == "https://tableau.example.com");
    CHECK(check_server("https://tableau.example.com:443", {}).value() == "https://tableau.example.com");
    CHECK(check_server("https://h.example.com/tableau//", {}).value() == "https://h.example.com/tableau");
    CHECK(check_server("http://[::1]:8080", {}).value() == "http://[::1]:8080");
    CHECK(check_server("http://localhost:1", {}).value() == "http://localhost:1");
}

TEST_CASE("allowlist: refuses what is not a plain https server address", "[tableau]") {
    for (const char* bad :
         {"", "tableau.example.com", "ftp://h.example.com", "http://h.example.com", "https://user:pw@h.example.com",
          "https://h.example.com/?token=x", "https://h.example.com/#x"}) {
        INFO(bad);
        const auto r = check_server(bad, {});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == ApiError::Kind::refused);
        CHECK(r.error().message().find("token=x") == std::string::npos);
        CHECK(r.error().message().find("pw") == std::string::npos);
    }
}

TEST_CASE("allowlist: matches normalised origins only", "[tableau]") {
    const std::vector<std::string> allowed{"https://a.example.com", "https://b.example.com:8443/ignored/path", "junk"};
    CHECK(check_server("HTTPS://A.example.com:443/x", allowed).has_value());
    CHECK(check_server("https://b.example.com:8443", allowed).has_value());
    CHECK_FALSE(check_server("https://b.example.com", allowed).has_value());
    CHECK_FALSE(check_server("https://a.example.com.evil.test", allowed).has_value());
    CHECK_FALSE(check_server("http://a.example.com", allowed).has_value());
    const auto r = check_server("https://c.example.com", allowed);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message() ==
          "refused: server https://c.example.com is not in the allowlist (https://a.example.com, "
          "https://b.example.com:8443, <invalid>); add it with --allow-server or TABHOOK_ALLOWED_SERVERS");
}

TEST_CASE("api error: one line per kind", "[tableau]") {
    ApiError e;
    e.endpoint = "GET /api/3.24/sites/s/webhooks";
    e.kind = ApiError::Kind::transport;
    e.detail = "could not connect: Connection refused";
    CHECK(e.message() == "GET /api/3.24/sites/s/webhooks: request failed: could not connect: Connection refused");
    e.kind = ApiError::Kind::decode;
    e.http_status = 200;
    e.detail = "no 'webhooks' in the response";
    CHECK(e.message() ==
          "GET /api/3.24/sites/s/webhooks: unexpected response (HTTP 200): no 'webhooks' in the response");
    e.kind = ApiError::Kind::outcome_unknown;
    e.endpoint = "POST /api/3.24/sites/s/webhooks";
    e.http_status = 504;
    e.detail = "gateway";
    CHECK(e.message() == "POST /api/3.24/sites/s/webhooks: outcome unknown: the change may or may not have been made, "
                         "HTTP 504: gateway");
    e.kind = ApiError::Kind::http;
    e.http_status = 409;
    e.code = "409001";
    e.summary = "Conflict";
    e.detail = "name taken";
    CHECK(e.message() == "POST /api/3.24/sites/s/webhooks: HTTP 409, Tableau error 409001 (Conflict): name taken");
}
