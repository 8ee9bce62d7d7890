// `tabhook doctor --record`: the observer hook on the transport sees every exchange, and the recording it
// writes holds no PAT secret, password, session token or destination URL path/query (sentinel values).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"
#include "tableau/exchange_log.hpp"
#include "tableau/recording.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
using namespace tabhook::tableau::testing;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "SENTINEL-PAT-SECRET-9d1e";
constexpr const char* kToken = "SENTINELTOKENaaaaaaaaa|SENTINELTOKENbbbbbbbbbbbbbbbbbbb|site-luid-1";
constexpr const char* kDeclared = "https://relay.example.com/hooks/SENTINEL-PATH-declared?key=SENTINEL-QUERY-decl";
constexpr const char* kCanary = "https://canary.example.com/SENTINEL-PATH-canary?t=SENTINEL-QUERY-canary";
// On the site, in no manifest: learned from the list answer.
constexpr const char* kOther = "https://other.example.com/SENTINEL-PATH-other?x=SENTINEL-QUERY-other";

Exchange exchange(std::string step, std::string method, std::string url, int status, std::string request_body,
                  std::string response_body, Headers request_headers = {}) {
    Exchange e;
    e.step = std::move(step);
    e.method = std::move(method);
    e.url = std::move(url);
    e.status = status;
    e.request_body = std::move(request_body);
    e.response_body = std::move(response_body);
    e.request_headers = std::move(request_headers);
    e.response_headers = {{"content-type", "application/json"}, {"set-cookie", std::string("wg=") + kToken}};
    return e;
}

json webhook_json(const std::string& id, const std::string& url) {
    return {{"id", id},
            {"name", "n" + id},
            {"event", "WorkbookCreated"},
            {"owner", {{"id", "u"}}},
            {"webhook-destination", {{"webhook-destination-http", {{"method", "POST"}, {"url", url}}}}}};
}

std::vector<Exchange> a_run() {
    const std::string base = "https://tableau.example.com/api/3.24";
    const Headers auth{{"X-Tableau-Auth", kToken}, {"Accept", "application/json"}};
    const json signin{
        {"credentials",
         {{"personalAccessTokenName", "ci"}, {"personalAccessTokenSecret", kSecret}, {"site", {{"contentUrl", "m"}}}}}};
    const json credentials{
        {"credentials", {{"token", kToken}, {"site", {{"id", "site-luid-1"}}}, {"user", {{"id", "user-1"}}}}}};
    const json list{
        {"webhooks", {{"webhook", json::array({webhook_json("1", kDeclared), webhook_json("2", kOther)})}}}};
    const json create{{"webhook", webhook_json("3", kCanary)}};
    const json echo{
        {"error",
         {{"code", "400000"}, {"summary", "Bad"}, {"detail", std::string("token ") + kToken + " secret " + kSecret}}}};
    return {
        exchange("s: sign-in", "POST", base + "/auth/signin", 200, signin.dump(), credentials.dump()),
        exchange("s: list", "GET", base + "/sites/site-luid-1/webhooks", 200, "", list.dump(), auth),
        exchange("s: canary create", "POST", base + "/sites/site-luid-1/webhooks", 201, create.dump(), create.dump(),
                 auth),
        exchange("s: canary duplicate", "POST", base + "/sites/site-luid-1/webhooks", 400, create.dump(), echo.dump(),
                 auth),
    };
}

} // namespace

TEST_CASE("recording: no PAT secret, session token or destination path/query survives", "[recording]") {
    RecordingSecrets secrets;
    secrets.secrets = {kSecret};
    secrets.urls = {kDeclared, kCanary};
    const std::string text = render_recording(a_run(), secrets);
    for (const char* sentinel : {"SENTINEL-PAT-SECRET", "SENTINELTOKEN", "SENTINEL-PATH", "SENTINEL-QUERY"}) {
        INFO(sentinel);
        CHECK(text.find(sentinel) == std::string::npos);
    }
    const json doc = json::parse(text);
    REQUIRE(doc["exchanges"].size() == 4);
    const json& list = doc["exchanges"][1];
    CHECK(list["step"] == "s: list");
    CHECK(list["method"] == "GET");
    CHECK(list["origin"] == "https://tableau.example.com");
    CHECK(list["path"] == "/api/3.24/sites/site-luid-1/webhooks"); // ids kept: they are not secrets
    CHECK(list["status"] == 200);
    bool auth_masked = false;
    for (const auto& h : list["request_headers"])
        if (h["name"] == "X-Tableau-Auth") auth_masked = h["value"] == "***";
    CHECK(auth_masked);
    // What is left is still useful: hosts of destinations, the error code, the status.
    CHECK(list["response_body"].get<std::string>().find("other.example.com") != std::string::npos);
    CHECK(doc["exchanges"][3]["response_body"].get<std::string>().find("400000") != std::string::npos);
    CHECK(doc["exchanges"][0]["request_body"].get<std::string>().find("\"ci\"") != std::string::npos);
}

TEST_CASE("recording: the observer hook sees each exchange, tagged with the step in force", "[recording]") {
    auto inner = std::make_shared<FakeTransport>();
    inner->script("GET", "/api/2.4/serverinfo", {respond(200, "{}")});
    inner->script("GET", "/x", {fail_with(TransportError::Kind::connection_dropped)});
    ExchangeLog log;
    ObservedTransport transport(inner, log.observer());
    HttpRequest request;
    request.method = "GET";
    request.url = "https://h/api/2.4/serverinfo";
    log.set_step("one");
    REQUIRE(transport.send(request));
    log.set_step("two");
    request.url = "https://h/x";
    CHECK(!transport.send(request));
    const auto all = log.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].step == "one");
    CHECK(all[0].status == 200);
    CHECK(all[1].step == "two");
    CHECK(all[1].status == 0);
    CHECK(all[1].failure.find("connection dropped") != std::string::npos);
    CHECK(log.in_step("two").size() == 1);
    CHECK(log.in_step("three").empty());
}
