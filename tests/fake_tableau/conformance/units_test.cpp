// Small pieces: flags, URL and loopback checks, globbing, identifiers.
#include "api_routes.hpp"
#include "options.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <regex>

TEST_CASE("the flags of product.md parse, and a few more") {
    const char* argv[] = {"fake-tableau",
                          "--listen",
                          "127.0.0.1:8123",
                          "--port-file",
                          "/tmp/p",
                          "--seed",
                          "s.json",
                          "--api-version",
                          "3.9",
                          "--token-ttl",
                          "2.5",
                          "--latency",
                          "15",
                          "--unique-names",
                          "--delivery-timeout-ms=700",
                          "--retry-delays-ms",
                          "1,2,3",
                          "--threads",
                          "32"};
    std::string msg;
    bool help = false;
    const auto o = fake::parse_options(static_cast<int>(std::size(argv)), argv, msg, help);
    INFO(msg);
    REQUIRE(o);
    CHECK(o->listen_host == "127.0.0.1");
    CHECK(o->listen_port == 8123);
    CHECK(o->port_file == "/tmp/p");
    CHECK(o->seed_file == "s.json");
    CHECK(o->api_version == "3.9");
    CHECK(o->token_ttl == std::chrono::milliseconds(2500));
    CHECK(o->latency == std::chrono::milliseconds(15));
    CHECK(o->profile.duplicate_names == fake::DuplicateNames::refuse_409);
    CHECK(o->delivery_timeout == std::chrono::milliseconds(700));
    CHECK(o->retry_delays_ms == std::vector<int>{1, 2, 3});
    CHECK(o->threads == 32);

    const fake::Options d;
    CHECK(d.listen_host == "127.0.0.1");
    CHECK(d.listen_port == 0);
    CHECK(d.api_version == "3.24");
    CHECK(d.retry_delays_ms.size() == 3);

    for (std::vector<const char*> bad : {std::vector<const char*>{"x", "--listen", "nohost"},
                                         {"x", "--api-version", "three"},
                                         {"x", "--token-ttl", "-1"},
                                         {"x", "--bogus"},
                                         {"x", "--latency"}}) {
        CHECK_FALSE(fake::parse_options(static_cast<int>(bad.size()), bad.data(), msg, help));
        CHECK_FALSE(help);
    }
    // An unknown flag is named as one, even last on the line with no value after it.
    const char* bogus[] = {"x", "--bogus"};
    CHECK_FALSE(fake::parse_options(2, bogus, msg, help));
    CHECK(msg.find("unknown option --bogus") != std::string::npos);
    const char* no_value[] = {"x", "--latency"};
    CHECK_FALSE(fake::parse_options(2, no_value, msg, help));
    CHECK(msg.find("--latency needs a value") != std::string::npos);
    const char* h[] = {"x", "--help"};
    CHECK_FALSE(fake::parse_options(2, h, msg, help));
    CHECK(help);
}

TEST_CASE("loopback means literal 127.0.0.0/8, ::1 or localhost, never a name that needs resolving") {
    CHECK(fake::is_loopback_host("127.0.0.1"));
    CHECK(fake::is_loopback_host("127.255.0.9"));
    CHECK(fake::is_loopback_host("::1"));
    CHECK(fake::is_loopback_host("LOCALHOST"));
    CHECK_FALSE(fake::is_loopback_host("128.0.0.1"));
    CHECK_FALSE(fake::is_loopback_host("127.0.0.1.nip.io"));
    CHECK_FALSE(fake::is_loopback_host("localhost.example.com"));
    CHECK_FALSE(fake::is_loopback_host("0.0.0.0"));
    CHECK_FALSE(fake::is_loopback_host("::ffff:10.0.0.1"));
}

TEST_CASE("destination URLs parse strictly") {
    const auto u = fake::parse_http_url("HTTPS://Hooks.Example.com:8443/a/b?c=d#frag");
    REQUIRE(u);
    CHECK(u->scheme == "https");
    CHECK(u->host == "hooks.example.com");
    CHECK(u->port == 8443);
    CHECK(u->target == "/a/b?c=d");
    const auto v6 = fake::parse_http_url("http://[::1]:9/x");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(fake::parse_http_url("http://h")->target == "/");
    CHECK(fake::parse_http_url("https://h")->port == 443);
    for (const char* bad :
         {"url", "ftp://h/x", "https://", "https://h:99999/", "https://u:p@h/", "https://h:x/", "http://[::1/"})
        CHECK_FALSE(fake::parse_http_url(bad));
}

TEST_CASE("fault path globs: * within a segment, ** across segments") {
    CHECK(fake::glob_match("/api/*/sites/*/webhooks", "/api/3.24/sites/abc/webhooks"));
    CHECK_FALSE(fake::glob_match("/api/*/webhooks", "/api/3.24/sites/abc/webhooks"));
    CHECK(fake::glob_match("/api/**", "/api/3.24/sites/abc/webhooks/x/test"));
    CHECK(fake::glob_match("**/test", "/api/3.24/sites/abc/webhooks/x/test"));
    CHECK_FALSE(fake::glob_match("/api/3.24/serverinfo", "/api/3.24/serverInfo"));
}

TEST_CASE("identifiers look like Tableau LUIDs, derived ones are stable") {
    const std::regex luid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    CHECK(std::regex_match(fake::luid_from("site:marketing"), luid));
    CHECK(fake::luid_from("site:marketing") == fake::luid_from("site:marketing"));
    CHECK(fake::luid_from("site:marketing") != fake::luid_from("site:"));
    CHECK(std::regex_match(fake::luid_from_bits(~0ULL, 0), luid));
    CHECK(fake::format_hms(14400) == "4:00:00");
    CHECK(fake::format_hms(90061) == "25:01:01");
    CHECK(fake::iso8601(std::chrono::system_clock::time_point{}) == "1970-01-01T00:00:00Z");
}
