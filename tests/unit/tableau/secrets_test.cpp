// Secrets (PAT secret, password, session token, a destination URL's path and query) never appear in an
// ApiError's message, whatever the server echoes back.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"
#include "tableau/redactor.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
using namespace tabhook::tableau::testing;
using nlohmann::json;

namespace {

constexpr const char* kPat = "SENTINEL-PAT-4c1d";
constexpr const char* kPassword = "SENTINEL-PW-77aa";
constexpr const char* kTokenPrefix = "SENTINEL-TOKEN-";
constexpr const char* kUrl = "https://relay.example.com/hooks/SENTINEL-URLPATH-31?key=SENTINEL-QUERY-8";

// Everything a careless server could echo: the credential in use, the session token, a destination URL
// whole, its path and query alone, and percent-encoded forms; plus control characters.
std::string echo_everything(const std::string& credential = kPat) {
    return "bad request: credential=" + credential + " token=" + kTokenPrefix + "1 url=" + kUrl +
           " path=/hooks/SENTINEL-URLPATH-31?key=SENTINEL-QUERY-8 encoded=" + credential + "%20 " +
           "json=\"https://relay.example.com/hooks/SENTINEL-URLPATH-31?key=SENTINEL-QUERY-8\"\n\x1b[31m";
}

void check_clean(const ApiError& error) {
    const std::string message = error.message();
    INFO(message);
    CHECK(message.find("SENTINEL") == std::string::npos);
    CHECK(message.find('\x1b') == std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
}

} // namespace

TEST_CASE("secrets: no sentinel reaches an ApiError message", "[tableau]") {
    FakeTableau fake;
    fake.token_prefix = kTokenPrefix;
    auto site = fake.site();
    site.auth.secret = kPat;
    auto connected = connect(site, {}, fake.deps());
    REQUIRE(connected.has_value());
    auto& client = *connected;

    const Reply echo = tableau_error(400, "400000", echo_everything(), echo_everything());
    fake.transport->script("POST", fake.hooks(), {echo});
    const auto created = client->create_webhook({"gitops-a", "WorkbookCreated", kUrl, true});
    REQUIRE_FALSE(created.has_value());
    check_clean(created.error());
    // The URL is still recognisable: scheme, host and a fingerprint.
    CHECK(created.error().detail.find("https://relay.example.com/…#") != std::string::npos);

    fake.transport->script("PUT", fake.hooks("/w1"), {echo});
    const auto updated = client->update_webhook("w1", {"gitops-a", "WorkbookCreated", kUrl, true});
    REQUIRE_FALSE(updated.has_value());
    check_clean(updated.error());

    fake.transport->script("GET", fake.hooks(), {echo});
    const auto listed = client->list_webhooks();
    REQUIRE_FALSE(listed.has_value());
    check_clean(listed.error());

    // Reads: the destination URL is known from the create above (and from every list).
    // Transport failures whose text echoes secrets.
    fake.transport->script("GET", fake.hooks("/w1"),
                           {tl::unexpected(TransportError{TransportError::Kind::tls, false, echo_everything()})});
    const auto got = client->get_webhook("w1");
    REQUIRE_FALSE(got.has_value());
    check_clean(got.error());

    // A token from a renewed session is as secret as the first one.
    fake.transport->script("GET", fake.hooks("/w2"),
                           {tableau_error(401, "401002", "Unauthorized", "expired"),
                            tableau_error(400, "400000", "x", echo_everything() + " SENTINEL-TOKEN-2")});
    const auto renewed = client->get_webhook("w2");
    REQUIRE_FALSE(renewed.has_value());
    check_clean(renewed.error());
}

TEST_CASE("secrets: a failed password sign-in does not echo the password", "[tableau]") {
    FakeTableau fake;
    auto site = fake.site();
    site.auth = {tabhook::model::Auth::Kind::password, "admin", kPassword};
    fake.transport->script("POST", fake.api("/auth/signin"),
                           {tableau_error(401, "401001", "Signin Error",
                                          std::string("no such user admin/") + kPassword + " (" + kPassword + "%21)")});
    const auto connected = connect(site, {}, fake.deps());
    REQUIRE_FALSE(connected.has_value());
    check_clean(connected.error());
}

TEST_CASE("secrets: XML error bodies are redacted too", "[tableau]") {
    FakeTableau fake;
    auto site = fake.site();
    site.auth.secret = kPat;
    fake.transport->script(
        "POST", fake.api("/auth/signin"),
        {respond(401, std::string(R"(<tsResponse><error code="401001"><summary>Signin Error</summary><detail>)") +
                          kPat + " " + kUrl + "</detail></error></tsResponse>")});
    const auto connected = connect(site, {}, fake.deps());
    REQUIRE_FALSE(connected.has_value());
    check_clean(connected.error());
    CHECK(connected.error().code == "401001");
}

TEST_CASE("redactor: secrets are masked, longest first, also percent-encoded", "[tableau]") {
    Redactor r;
    r.add_secret("abc");
    r.add_secret("abc def");
    r.add_secret("");
    CHECK(r.redact("x abc def y abc") == "x *** y ***");
    CHECK(r.redact("x abc%20def") == "x ***");
    CHECK(r.redact("plain", {"plain"}) == "***");
}

TEST_CASE("redactor: a known URL is masked whole, whatever cuts it or however it is echoed", "[tableau]") {
    const std::string url = "https://relay.example.com/hooks/SENTINEL-A<SENTINEL-B'x y?key=SENTINEL-C\\d";
    Redactor r;
    r.add_url(url);
    const std::string masked = tabhook::util::redact_url(url);
    const std::vector<std::string> echoes{
        url,                                                         // whole
        "<" + url + ">",                                             // bracketed
        tabhook::util::percent_encode(url),                          // percent-encoded
        tabhook::util::to_lower(tabhook::util::percent_encode(url)), // ... in lower case
        "\"https:\\/\\/relay.example.com\\/hooks\\/SENTINEL-A<SENTINEL-B'x y?key=SENTINEL-C\\\\d\"", // JSON
        "path /hooks/SENTINEL-A<SENTINEL-B'x y rejected",                                            // the path alone
        "query key=SENTINEL-C\\d rejected",                                                          // the query alone
    };
    for (const auto& echo : echoes) {
        INFO(echo);
        const std::string out = r.redact("Invalid URL " + echo);
        CHECK(out.find("SENTINEL") == std::string::npos);
    }
    // A whole URL keeps its origin and fingerprint readable, the same as the plan shows.
    CHECK(r.redact("Invalid URL " + url) == "Invalid URL " + masked);
    // Short parts are not masked: they would garble unrelated text.
    Redactor shortish;
    shortish.add_url("https://h.example.com/in?a=1");
    CHECK(shortish.redact("a=1 in /in") == "a=1 in /in");
}
