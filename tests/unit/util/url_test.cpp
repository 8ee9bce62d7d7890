#include <catch2/catch.hpp>

#include "util/url.hpp"

using namespace tabhook::util;

TEST_CASE("url: normalisation folds scheme and host case and drops a default port only", "[util]") {
    CHECK(normalize_url("HTTPS://Hooks.Example.COM:443/Path?Q=1") == "https://hooks.example.com/Path?Q=1");
    CHECK(normalize_url("https://h.example.com:8443/x") == "https://h.example.com:8443/x");
    CHECK(normalize_url("http://127.0.0.1:80/a") == "http://127.0.0.1/a");
    CHECK(normalize_url("https://h.example.com/A/b") != normalize_url("https://h.example.com/a/b"));
}

TEST_CASE("url: parse rejects what is not a URL", "[util]") {
    CHECK_FALSE(parse_url("not a url").has_value());
    CHECK_FALSE(parse_url("https://").has_value());
    CHECK_FALSE(parse_url("https://user:pw@host/").has_value());
    CHECK_FALSE(parse_url("https://host:99999/").has_value());
    const auto v6 = parse_url("http://[::1]:8080/x");
    REQUIRE(v6.has_value());
    CHECK(v6->host == "::1");
    CHECK(v6->port == 8080);
}

TEST_CASE("url: loopback hosts", "[util]") {
    CHECK(is_loopback_host("127.0.0.1"));
    CHECK(is_loopback_host("127.1.2.3"));
    CHECK(is_loopback_host("localhost"));
    CHECK(is_loopback_host("::1"));
    CHECK_FALSE(is_loopback_host("128.0.0.1"));
    CHECK_FALSE(is_loopback_host("127.0.0.1.evil.com"));
    CHECK_FALSE(is_loopback_host("10.0.0.1"));
}

// Today's decisions, pinned: only these spellings count as loopback (anything else needs https://).
TEST_CASE("url: the loopback spellings tabhook accepts and the ones it does not", "[util]") {
    for (const char* host :
         {"127.0.0.0", "127.255.255.255", "127.0.0.01", "127.000.000.001", "localhost", "LocalHost", "::1", "[::1]"})
        CHECK(is_loopback_host(host));
    for (const char* host :
         {"127.1", "127.0.1", "localhost.", "localhost.localdomain", "0.0.0.0", "127.0.0.256", "127.0.0.", "127.0.0.-1",
          "127.0.0.1 ", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "[::1", "", "127.0.0.1.nip.io"})
        CHECK_FALSE(is_loopback_host(host));
}

TEST_CASE("url: https, or http only to a loopback host", "[util]") {
    const auto allowed = [](const char* text) {
        const auto url = parse_url(text);
        REQUIRE(url.has_value());
        return is_https_or_loopback_http(*url);
    };
    CHECK(allowed("https://example.com/hook"));
    CHECK(allowed("HTTPS://example.com"));
    CHECK(allowed("https://127.0.0.1:8443/"));
    CHECK(allowed("http://127.0.0.1:8080/x?y=z"));
    CHECK(allowed("http://127.9.8.7/"));
    CHECK(allowed("HTTP://LOCALHOST:3000/"));
    CHECK(allowed("http://[::1]:8080/"));
    CHECK_FALSE(allowed("http://example.com/hook"));
    CHECK_FALSE(allowed("http://localhost./"));
    CHECK_FALSE(allowed("http://127.1/"));
    CHECK_FALSE(allowed("http://0.0.0.0:8080/"));
    CHECK_FALSE(allowed("http://127.0.0.1.nip.io/"));
    CHECK_FALSE(allowed("ftp://127.0.0.1/"));
    CHECK_FALSE(allowed("ws://localhost/"));
}

TEST_CASE("url: redaction keeps where a URL points and hides its path and query", "[util]") {
    const std::string secret = "SENTINEL-8d1f";
    const std::string redacted = redact_url("https://relay.example.com/tableau/" + secret + "?k=" + secret);
    CHECK(redacted.rfind("https://relay.example.com/…#", 0) == 0);
    CHECK(redacted.find(secret) == std::string::npos);
    // Equal after normalisation: equal fingerprints; different paths: different fingerprints.
    CHECK(redact_url("HTTPS://relay.example.com:443/a") == redact_url("https://relay.example.com/a"));
    CHECK(redact_url("https://relay.example.com/a") != redact_url("https://relay.example.com/b"));
    CHECK(fingerprint("x").size() == 8);
}

TEST_CASE("redact_urls: URLs in free text become scheme, host and fingerprint; bare origins stay", "[util]") {
    CHECK(redact_urls("see https://h.example.com/a/b?c=d.") ==
          "see " + redact_url("https://h.example.com/a/b?c=d") + ".");
    CHECK(redact_urls("server HTTPS://Tableau.Example.com:443 refused") ==
          "server https://tableau.example.com refused");
    CHECK(redact_urls("no url here") == "no url here");
    CHECK(redact_urls("'http://x/y'").find("/y") == std::string::npos);
    // Already redacted: kept, so its fingerprint stays the one shown everywhere else.
    const std::string once = redact_url("https://h.example.com/secret");
    CHECK(redact_urls("at " + once) == "at " + once);
    CHECK(redact_urls("https://h.example.com/…#nothex!!").find("nothex") == std::string::npos);
}
