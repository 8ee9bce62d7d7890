#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"
#include "tableau/client.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
using namespace tabhook::tableau::testing;
using nlohmann::json;
using std::chrono::milliseconds;
using Kind = ApiError::Kind;

namespace {

json body_of(const HttpRequest& r) { return json::parse(r.body); }

HttpRequest last(const std::vector<HttpRequest>& requests, const std::string& method, const std::string& path) {
    for (auto it = requests.rbegin(); it != requests.rend(); ++it)
        if (it->method == method && path_of(it->url) == path) return *it;
    FAIL("no " << method << " " << path);
    throw std::logic_error("unreachable");
}

json one_list(std::vector<json> hooks) { return {{"webhooks", {{"webhook", std::move(hooks)}}}}; }

std::unique_ptr<WriteClient> connected(FakeTableau& fake, std::optional<std::string> pinned = std::nullopt,
                                       ClientOptions options = {}) {
    auto client = connect(fake.site(std::move(pinned)), options, fake.deps());
    if (!client) FAIL(client.error().message());
    return std::move(*client);
}

} // namespace

TEST_CASE("client: negotiates the version, then signs in with the PAT", "[tableau]") {
    FakeTableau fake("3.24");
    auto client = connected(fake);
    CHECK(fake.transport->request_lines() ==
          std::vector<std::string>{"GET /api/2.4/serverinfo", "POST /api/3.24/auth/signin"});
    const auto requests = fake.transport->requests();
    CHECK(requests[0].url == "https://tableau.example.com/api/2.4/serverinfo");
    const HttpRequest& signin = requests[1];
    CHECK(body_of(signin) == json::parse(R"({"credentials":{"personalAccessTokenName":"tabhook-ci",
        "personalAccessTokenSecret":"SENTINEL-PAT-9f8e7d","site":{"contentUrl":"marketing"}}})"));
    CHECK(find_header(signin.headers, "accept") == "application/json");
    CHECK(find_header(signin.headers, "content-type") == "application/json");
    CHECK(find_header(signin.headers, "user-agent") == std::string("tabhook/") + TABHOOK_VERSION);
    CHECK(find_header(signin.headers, "x-tableau-auth").empty());
    CHECK(client->session().api_version == "3.24");
    CHECK(client->session().site_id == "site-1");
    CHECK(client->session().user_id == "user-1");
    CHECK(client->stats().sign_ins == 1);
    CHECK(client->stats().requests == 2);
}

TEST_CASE("client: signs in with a password", "[tableau]") {
    FakeTableau fake("3.24");
    auto site = fake.site("3.24");
    site.auth = {tabhook::model::Auth::Kind::password, "admin", "admin-password"};
    site.content_url = "";
    auto client = connect(site, {}, fake.deps());
    REQUIRE(client.has_value());
    CHECK(fake.transport->request_lines() == std::vector<std::string>{"POST /api/3.24/auth/signin"});
    CHECK(body_of(fake.transport->requests()[0]) ==
          json::parse(R"({"credentials":{"name":"admin","password":"admin-password","site":{"contentUrl":""}}})"));
}

TEST_CASE("client: a pinned version skips serverinfo", "[tableau]") {
    FakeTableau fake("3.9");
    auto client = connected(fake, "3.9");
    CHECK(fake.transport->request_lines() == std::vector<std::string>{"POST /api/3.9/auth/signin"});
}

TEST_CASE("client: refuses servers below API 3.6 before signing in", "[tableau]") {
    FakeTableau fake("3.5");
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().kind == Kind::unsupported);
    CHECK(client.error().message() == "not supported by this server: the server speaks REST API 3.5; webhooks need 3.6 "
                                      "(Tableau Server 2019.4) or later");
    CHECK(fake.transport->request_lines() == std::vector<std::string>{"GET /api/2.4/serverinfo"});

    FakeTableau pinned("3.4");
    auto p = connect(pinned.site("3.4"), {}, pinned.deps());
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().kind == Kind::unsupported);
    CHECK(pinned.transport->requests().empty());

    FakeTableau nonsense("3.24");
    auto n = connect(nonsense.site("latest"), {}, nonsense.deps());
    REQUIRE_FALSE(n.has_value());
    CHECK(n.error().kind == Kind::unsupported);
}

TEST_CASE("client: a server without serverinfo is too old", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", "/api/2.4/serverinfo",
                           {tableau_error(404, "404003", "Resource Not Found", "Unknown resource '/2.4/serverInfo'")});
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().kind == Kind::unsupported);
    CHECK(client.error().http_status == 404);
    CHECK(client.error().message().find("webhooks need REST API 3.6") != std::string::npos);
}

TEST_CASE("client: a 404 from serverinfo without Tableau's 404003 means no REST API at that address", "[tableau]") {
    for (const auto& reply : {respond(404, "<html><body>Not Found</body></html>"),
                              tableau_error(404, "404000", "Not Found", "no such thing")}) {
        FakeTableau fake;
        fake.transport->script("GET", "/api/2.4/serverinfo", {reply});
        auto client = connect(fake.site(), {}, fake.deps());
        REQUIRE_FALSE(client.has_value());
        CHECK(client.error().kind == Kind::http);
        CHECK(client.error().detail ==
              "no Tableau REST API at " + fake.site().server + ": is `spec.server` the server's root URL?");
        CHECK(fake.sign_ins == 0);
    }
}

TEST_CASE("client: sign-out sends no body and no Content-Type", "[tableau]") {
    FakeTableau fake;
    { auto client = connected(fake); }
    const HttpRequest out = last(fake.transport->requests(), "POST", fake.api("/auth/signout"));
    CHECK(out.body.empty());
    CHECK(find_header(out.headers, "content-type").empty());
    const HttpRequest in = last(fake.transport->requests(), "POST", fake.api("/auth/signin"));
    CHECK(find_header(in.headers, "content-type") == "application/json");
}

TEST_CASE("client: the allowlist is enforced before any request", "[tableau]") {
    FakeTableau fake;
    ClientOptions options;
    options.allowed_servers = {"https://other.example.com", "https://tableau.example.com:8443"};
    auto client = connect(fake.site(), options, fake.deps());
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().kind == Kind::refused);
    CHECK(client.error().message() ==
          "refused: server https://tableau.example.com is not in the allowlist (https://other.example.com, "
          "https://tableau.example.com:8443); add it with --allow-server or TABHOOK_ALLOWED_SERVERS");
    CHECK(fake.transport->requests().empty());

    // Origins are compared normalised.
    options.allowed_servers = {"HTTPS://Tableau.Example.COM:443/"};
    CHECK(connect(fake.site(), options, fake.deps()).has_value());
}

TEST_CASE("client: http:// is refused except for loopback hosts", "[tableau]") {
    FakeTableau fake;
    auto site = fake.site();
    site.server = "http://tableau.example.com";
    auto refused = connect(site, {}, fake.deps());
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().kind == Kind::refused);
    CHECK(fake.transport->requests().empty());
    site.server = "ftp://tableau.example.com";
    CHECK_FALSE(connect(site, {}, fake.deps()).has_value());
    site.server = "not a url";
    CHECK_FALSE(connect(site, {}, fake.deps()).has_value());
    CHECK(fake.transport->requests().empty());

    site.server = "http://127.0.0.1:8080/";
    REQUIRE(connect(site, {}, fake.deps()).has_value());
    CHECK(fake.transport->requests().front().url == "http://127.0.0.1:8080/api/2.4/serverinfo");
}

TEST_CASE("client: lists webhooks with the session token", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks(),
        {respond_json(200,
                      one_list({webhook_json("w1", "gitops-a", "DatasourceRefreshFailed", "https://h.example.com/a"),
                                webhook_json("w2", "gitops-b", "webhook-source-event-workbook-created",
                                             "https://h.example.com/b", false)}))});
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE(list.has_value());
    REQUIRE(list->size() == 2);
    CHECK((*list)[0].id == "w1");
    CHECK((*list)[1].event == "WorkbookCreated");
    CHECK_FALSE((*list)[1].enabled);
    const HttpRequest get = last(fake.transport->requests(), "GET", fake.hooks());
    CHECK(find_header(get.headers, "x-tableau-auth") == "tok-1");
    CHECK(find_header(get.headers, "accept") == "application/json");
    CHECK(find_header(get.headers, "content-type").empty());
    CHECK(get.body.empty());
}

TEST_CASE("client: retries a list after 503 and succeeds", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks(),
        {tableau_error(503, "", "Service Unavailable", ""), fail_with(TransportError::Kind::timed_out),
         fail_with(TransportError::Kind::connection_dropped), respond_json(200, {{"webhooks", json::object()}})});
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE(list.has_value());
    CHECK(list->empty());
    CHECK(fake.transport->count("GET", fake.hooks()) == 4);
    CHECK(client->stats().retries == 3);
    CHECK(fake.sleeps == std::vector<milliseconds>{milliseconds{500}, milliseconds{1000}, milliseconds{2000}});
}

TEST_CASE("client: gives up after max_attempts and reports the last status", "[tableau]") {
    FakeTableau fake;
    fake.transport->fallback("GET", fake.hooks(),
                             [](const HttpRequest&) { return respond(502, "<html>bad gateway</html>"); });
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().kind == Kind::http);
    CHECK(list.error().message() == "GET /api/3.24/sites/site-1/webhooks: HTTP 502");
    CHECK(fake.transport->count("GET", fake.hooks()) == 4);
}

TEST_CASE("client: honours Retry-After on 429", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", fake.hooks(),
                           {respond(429, "<html>slow down</html>", {{"retry-after", "3"}}),
                            respond_json(200, {{"webhooks", json::object()}})});
    auto client = connected(fake);
    REQUIRE(client->list_webhooks().has_value());
    CHECK(fake.sleeps == std::vector<milliseconds>{milliseconds{3000}});
}

TEST_CASE("client: no new retry once interrupted", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", fake.hooks(), {respond(503), respond_json(200, {{"webhooks", json::object()}})});
    std::atomic<bool> stop{false};
    ClientOptions options;
    options.stop = tabhook::util::StopToken(stop);
    auto client = connected(fake, std::nullopt, options);
    stop = true;
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().http_status == 503);
    CHECK(fake.transport->count("GET", fake.hooks()) == 1);
    CHECK(fake.sleeps.empty());
}

TEST_CASE("client: a create that timed out is outcome_unknown and sent once", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("POST", fake.hooks(), {fail_with(TransportError::Kind::timed_out)});
    auto client = connected(fake);
    const auto created = client->create_webhook({"gitops-a", "WorkbookCreated", "https://h.example.com/a", true});
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().kind == Kind::outcome_unknown);
    CHECK(fake.transport->count("POST", fake.hooks()) == 1);
    CHECK(created.error().message().starts_with("POST /api/3.24/sites/site-1/webhooks: outcome unknown"));
}

TEST_CASE("client: writes are retried only when the server refused them", "[tableau]") {
    FakeTableau fake;
    const json created = {{"webhook", webhook_json("w9", "gitops-a", "WorkbookCreated", "https://h.example.com/a")}};
    fake.transport->script("POST", fake.hooks(),
                           {fail_with(TransportError::Kind::connect_failed), respond(503), respond(429),
                            respond_json(201, created), respond(502)});
    auto client = connected(fake);
    const WebhookSpec spec{"gitops-a", "WorkbookCreated", "https://h.example.com/a", true};
    const auto first = client->create_webhook(spec);
    REQUIRE(first.has_value());
    CHECK(first->id == "w9");
    CHECK(fake.transport->count("POST", fake.hooks()) == 4);
    const auto second = client->create_webhook(spec);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().kind == Kind::outcome_unknown);
    CHECK(second.error().http_status == 502);
    CHECK(fake.transport->count("POST", fake.hooks()) == 5);

    fake.transport->script("DELETE", fake.hooks("/w9"), {fail_with(TransportError::Kind::connection_dropped)});
    const auto deleted = client->delete_webhook("w9");
    REQUIRE_FALSE(deleted.has_value());
    CHECK(deleted.error().kind == Kind::outcome_unknown);
    CHECK(fake.transport->count("DELETE", fake.hooks("/w9")) == 1);
}

TEST_CASE("client: other 4xx fail fast with endpoint, code, summary and detail", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", fake.hooks("/nope"),
                           {tableau_error(404, "404041", "Resource Not Found", "Webhook 'nope' could not be found.")});
    auto client = connected(fake);
    const auto got = client->get_webhook("nope");
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().kind == Kind::http);
    CHECK(got.error().message() == "GET /api/3.24/sites/site-1/webhooks/nope: HTTP 404, Tableau error 404041 "
                                   "(Resource Not Found): Webhook 'nope' could not be found.");
    CHECK(fake.transport->count("GET", fake.hooks("/nope")) == 1);
    CHECK(client->stats().retries == 0);
}

TEST_CASE("client: gets one webhook, XML answers included", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks("/w1"),
        {respond(200, R"(<?xml version='1.0' encoding='UTF-8'?><tsResponse xmlns="http://tableau.com/api">
<webhook id="w1" name="n" event="WorkbookCreated" isEnabled="false" statusChangeReason="Webhook disabled by user">
<webhook-destination><webhook-destination-http method="POST" url="https://h/x"/></webhook-destination>
<owner id="u" name="alice"/></webhook></tsResponse>)")});
    auto client = connected(fake);
    const auto w = client->get_webhook("w1");
    REQUIRE(w.has_value());
    CHECK_FALSE(w->enabled);
    CHECK(w->status_change_reason == "Webhook disabled by user");
    // A hostile id cannot change the path.
    (void)client->get_webhook("../../auth/signout");
    CHECK(fake.transport->count("GET", fake.hooks("/..%2F..%2Fauth%2Fsignout")) == 1);
}

TEST_CASE("client: create uses the event attribute at 3.24", "[tableau]") {
    FakeTableau fake("3.24");
    fake.transport->script("POST", fake.hooks(),
                           {respond_json(201, {{"webhook", webhook_json("w1", "gitops-a", "DatasourceRefreshFailed",
                                                                        "https://relay.example.com/x")}})});
    auto client = connected(fake);
    const auto created =
        client->create_webhook({"gitops-a", "DatasourceRefreshFailed", "https://relay.example.com/x", true});
    REQUIRE(created.has_value());
    CHECK(created->event == "DatasourceRefreshFailed");
    const HttpRequest post = last(fake.transport->requests(), "POST", fake.hooks());
    CHECK(body_of(post) ==
          json::parse(R"({"webhook":{"name":"gitops-a","event":"DatasourceRefreshFailed","isEnabled":true,
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://relay.example.com/x"}}}})"));
    CHECK(find_header(post.headers, "x-tableau-auth") == "tok-1");
    CHECK(find_header(post.headers, "content-type") == "application/json");
}

TEST_CASE("client: create uses the webhook-source element at 3.8 and accepts 200", "[tableau]") {
    FakeTableau fake("3.8");
    fake.transport->script("POST", fake.hooks(),
                           {respond_json(200, {{"webhook", webhook_json("w1", "a", "AdminPromoted", "https://h/x")}})});
    auto client = connected(fake);
    REQUIRE(client->create_webhook({"a", "AdminPromoted", "https://h/x", true}).has_value());
    CHECK(body_of(last(fake.transport->requests(), "POST", fake.hooks())) ==
          json::parse(
              R"({"webhook":{"name":"a","webhook-source":{"webhook-event-user-promoted-admin":{}},"isEnabled":true,
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/x"}}}})"));
}

TEST_CASE("client: below 3.8 a webhook cannot be created disabled nor updated", "[tableau]") {
    FakeTableau fake("3.7");
    auto client = connected(fake);
    const auto created = client->create_webhook({"a", "WorkbookCreated", "https://h/x", false});
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().kind == Kind::unsupported);
    const auto updated = client->update_webhook("w1", {"a", "WorkbookCreated", "https://h/x", true});
    REQUIRE_FALSE(updated.has_value());
    CHECK(updated.error().kind == Kind::unsupported);
    CHECK(updated.error().message() ==
          "PUT /api/3.7/sites/site-1/webhooks/w1: not supported by this server: updating "
          "a webhook in place needs REST API 3.8 (Tableau 2020.2); this server speaks 3.7");
    CHECK(fake.transport->count("POST", fake.hooks()) == 0);
    CHECK(fake.transport->count("PUT", fake.hooks("/w1")) == 0);
}

TEST_CASE("client: update sends isEnabled and no statusChangeReason; 200 and 201 accepted", "[tableau]") {
    FakeTableau fake("3.24");
    const json updated = {{"webhook", webhook_json("w1", "a", "WorkbookCreated", "https://h/x")}};
    fake.transport->script("PUT", fake.hooks("/w1"), {respond_json(200, updated), respond_json(201, updated)});
    auto client = connected(fake);
    REQUIRE(client->update_webhook("w1", {"a", "WorkbookCreated", "https://h/x", true}).has_value());
    const HttpRequest put = last(fake.transport->requests(), "PUT", fake.hooks("/w1"));
    CHECK(body_of(put) == json::parse(R"({"webhook":{"name":"a","event":"WorkbookCreated","isEnabled":true,
        "webhook-destination":{"webhook-destination-http":{"method":"POST","url":"https://h/x"}}}})"));
    REQUIRE(client->update_webhook("w1", {"a", "WorkbookCreated", "https://h/x", false}).has_value());
    CHECK(body_of(last(fake.transport->requests(), "PUT", fake.hooks("/w1")))["webhook"]["isEnabled"] == false);
}

TEST_CASE("client: a write whose answer does not decode says it probably happened", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("POST", fake.hooks(), {respond(201, "")});
    auto client = connected(fake);
    const auto created = client->create_webhook({"a", "WorkbookCreated", "https://h/x", true});
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().kind == Kind::decode);
    CHECK(created.error().message().find("the change was probably made") != std::string::npos);
}

TEST_CASE("client: delete expects 204 and reports 404 as an HTTP error", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("DELETE", fake.hooks("/w1"),
                           {respond(204), tableau_error(404, "404041", "Resource Not Found", "gone")});
    auto client = connected(fake);
    CHECK(client->delete_webhook("w1").has_value());
    const auto again = client->delete_webhook("w1");
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().kind == Kind::http);
    CHECK(again.error().http_status == 404);
}

TEST_CASE("client: test relays the receiver's status and body", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks("/w1/test"),
        {respond_json(200, {{"webhookTestResult", {{"id", "w1"}, {"status", 404}, {"body", "agent not found"}}}})});
    auto client = connected(fake);
    const auto result = client->test_webhook("w1");
    REQUIRE(result.has_value());
    CHECK(result->status == 404);
    CHECK(result->body == "agent not found");
}

TEST_CASE("client: follows pagination and asks for each page", "[tableau]") {
    FakeTableau fake;
    const auto page = [](int number, std::vector<json> hooks) {
        return respond_json(
            200, {{"pagination", {{"pageNumber", std::to_string(number)}, {"pageSize", "2"}, {"totalAvailable", "5"}}},
                  {"webhooks", {{"webhook", std::move(hooks)}}}});
    };
    const auto hook = [](const std::string& id) { return webhook_json(id, id, "WorkbookCreated", "https://h/" + id); };
    fake.transport->script("GET", fake.hooks(),
                           {page(1, {hook("a"), hook("b")}), page(2, {hook("c"), hook("d")}), page(3, {hook("e")})});
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE(list.has_value());
    CHECK(list->size() == 5);
    std::vector<std::string> queries;
    for (const auto& r : fake.transport->requests())
        if (path_of(r.url) == fake.hooks()) queries.push_back(query_of(r.url));
    CHECK(queries == std::vector<std::string>{"", "pageSize=2&pageNumber=2", "pageSize=2&pageNumber=3"});
}

TEST_CASE("client: a shared list is the last one only when the body is byte-identical", "[tableau]") {
    FakeTableau fake;
    const auto body = [](const std::string& path, bool enabled) {
        return one_list({webhook_json("w1", "gitops-a", "WorkbookCreated", "https://h.example.com/a"),
                         webhook_json("w2", "gitops-b", "WorkbookCreated", "https://h.example.com/" + path, enabled)})
            .dump();
    };
    // b -> c keeps the length; then a changed value, then a byte of whitespace, then the first body again.
    fake.transport->script("GET", fake.hooks(),
                           {respond(200, body("b", true)), respond(200, body("b", true)), respond(200, body("c", true)),
                            respond(200, body("c", true)), respond(200, body("c", false)),
                            respond(200, body("c", false) + " "), respond(200, body("b", true))});
    auto client = connected(fake);
    const auto list = [&] {
        auto l = client->list_webhooks_shared();
        REQUIRE(l.has_value());
        REQUIRE(*l != nullptr);
        REQUIRE((*l)->size() == 2);
        return *l;
    };
    const auto first = list();
    CHECK(list() == first); // byte-identical: not decoded again
    const auto c = list();
    CHECK(c != first);
    CHECK((*c)[1].url == "https://h.example.com/c");
    CHECK(list() == c);
    const auto disabled = list();
    CHECK(disabled != c);
    CHECK_FALSE((*disabled)[1].enabled);
    const auto spaced = list(); // decodes to the same webhooks, but is not the same body
    CHECK(spaced != disabled);
    CHECK(*spaced == *disabled);
    const auto again = list();
    CHECK(again != first);
    CHECK(*again == *first);
    std::size_t lists = 0;
    for (const auto& r : fake.transport->requests()) lists += path_of(r.url) == fake.hooks() ? 1 : 0;
    CHECK(lists == 7); // every call asks the server
}

TEST_CASE("client: a paged list is decoded every time", "[tableau]") {
    FakeTableau fake;
    const auto page = [](int number, const std::string& id) {
        return respond_json(
            200, {{"pagination", {{"pageNumber", std::to_string(number)}, {"pageSize", "1"}, {"totalAvailable", "2"}}},
                  {"webhooks", {{"webhook", {webhook_json(id, id, "WorkbookCreated", "https://h/" + id)}}}}});
    };
    fake.transport->script("GET", fake.hooks(), {page(1, "a"), page(2, "b"), page(1, "a"), page(2, "c")});
    auto client = connected(fake);
    const auto first = client->list_webhooks_shared();
    const auto second = client->list_webhooks_shared();
    REQUIRE(first.has_value());
    REQUIRE(second.has_value());
    CHECK(*first != *second);
    REQUIRE((*second)->size() == 2);
    CHECK((**second)[1].id == "c"); // the first page was byte-identical, the second was not
}

TEST_CASE("client: pagination that does not advance fails closed", "[tableau]") {
    FakeTableau fake;
    const json first = {{"pagination", {{"pageNumber", "1"}, {"pageSize", "1"}, {"totalAvailable", "3"}}},
                        {"webhooks", {{"webhook", {webhook_json("a", "a", "WorkbookCreated", "https://h/a")}}}}};
    fake.transport->fallback("GET", fake.hooks(), [first](const HttpRequest&) { return respond_json(200, first); });
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().kind == Kind::decode);
    CHECK(fake.transport->count("GET", fake.hooks()) == 2);

    FakeTableau empty_page;
    empty_page.transport->script(
        "GET", empty_page.hooks(),
        {respond_json(200, {{"pagination", {{"pageNumber", "1"}, {"pageSize", "10"}, {"totalAvailable", "30"}}},
                            {"webhooks", json::object()}})});
    auto c2 = connected(empty_page);
    CHECK_FALSE(c2->list_webhooks().has_value());
}

TEST_CASE("client: a list that is not the API's shape is an error, never an empty site", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks(),
        {respond(200, R"({"webhooks":{"webhook":[{"id":"a")"), respond(200, "{}"), respond(200, "<html>login</html>")});
    auto client = connected(fake);
    for (int i = 0; i < 3; ++i) {
        const auto list = client->list_webhooks();
        REQUIRE_FALSE(list.has_value());
        CHECK(list.error().kind == Kind::decode);
        CHECK(list.error().message().starts_with("GET /api/3.24/sites/site-1/webhooks: unexpected response"));
    }
}

TEST_CASE("client: signs in again once on 401002 and retries", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "GET", fake.hooks(),
        {tableau_error(401, "401002", "Unauthorized Access", "Invalid authentication credentials were provided."),
         respond_json(200, {{"webhooks", json::object()}})});
    auto client = connected(fake);
    REQUIRE(client->list_webhooks().has_value());
    CHECK(fake.sign_ins == 2);
    CHECK(client->stats().sign_ins == 2);
    const HttpRequest retried = last(fake.transport->requests(), "GET", fake.hooks());
    CHECK(find_header(retried.headers, "x-tableau-auth") == "tok-2");
}

TEST_CASE("client: a second 401 after signing in again is returned, not looped", "[tableau]") {
    FakeTableau fake;
    fake.transport->fallback("GET", fake.hooks(), [](const HttpRequest&) {
        return tableau_error(401, "401000", "Unauthorized Access", "No authentication credentials were provided.");
    });
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().code == "401000");
    CHECK(fake.sign_ins == 2);
    CHECK(fake.transport->count("GET", fake.hooks()) == 2);
}

TEST_CASE("client: a 401 without a session code is not a reason to sign in again", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", fake.hooks(), {tableau_error(401, "401099", "Unauthorized", "something else")});
    auto client = connected(fake);
    CHECK_FALSE(client->list_webhooks().has_value());
    CHECK(fake.sign_ins == 1);
}

TEST_CASE("client: signs in again once on 401000 and on a 403, whatever its code", "[tableau]") {
    // A dead token is answered 401002, 401000 or 403 (tableau-api.md §6); the 403's code is unknown.
    for (const auto& [status, code] : {std::pair{401, "401000"}, std::pair{403, "403000"}, std::pair{403, "403987"}}) {
        INFO(code);
        FakeTableau fake;
        fake.transport->script(
            "GET", fake.hooks(),
            {tableau_error(status, code, "Unauthorized", "session ended"),
             respond_json(200, one_list({webhook_json("w1", "a", "WorkbookCreated", "https://x.example.com/")}))});
        auto client = connected(fake);
        const auto list = client->list_webhooks();
        REQUIRE(list.has_value());
        CHECK(list->size() == 1);
        CHECK(fake.sign_ins == 2);
        CHECK(find_header(last(fake.transport->requests(), "GET", fake.hooks()).headers, "x-tableau-auth") == "tok-2");
    }
}

TEST_CASE("client: a 403 to a freshly signed-in session is a permission error", "[tableau]") {
    FakeTableau fake;
    fake.transport->fallback("GET", fake.hooks(), [](const HttpRequest&) {
        return tableau_error(403, "403004", "Forbidden", "not an administrator");
    });
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().http_status == 403);
    CHECK(list.error().detail == "not an administrator (a new session was refused too, so this is a permission error: "
                                 "managing webhooks needs a site or server administrator)");
    CHECK(fake.sign_ins == 2); // one new session, not a loop
    CHECK(fake.transport->count("GET", fake.hooks()) == 2);
}

TEST_CASE("client: a session ended again right after a new sign-in names the one-session-per-PAT rule", "[tableau]") {
    FakeTableau fake;
    fake.transport->fallback("GET", fake.hooks(), [](const HttpRequest&) {
        return tableau_error(401, "401002", "Unauthorized Access", "Invalid authentication credentials were provided.");
    });
    auto client = connected(fake);
    const auto list = client->list_webhooks();
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().detail ==
          "Invalid authentication credentials were provided. (the session ended again right after a new sign-in: a "
          "personal access token holds one session at a time, so another process or Site signing in with the same "
          "token ends this one; give each its own token)");
    CHECK(fake.sign_ins == 2);
}

TEST_CASE("client: a sign-in that fails names the endpoint and Tableau's error", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("POST", fake.api("/auth/signin"),
                           {tableau_error(401, "401001", "Signin Error", "Error signing in to Tableau Server")});
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE_FALSE(client.has_value());
    // With what usually causes a 401001 named.
    CHECK(client.error().message() == "POST /api/3.24/auth/signin: HTTP 401, Tableau error 401001 (Signin Error): "
                                      "Error signing in to Tableau Server (Tableau answers this to a wrong token "
                                      "name or secret, a revoked personal access token, one expired (unused for 15 "
                                      "days, or past the expiry the site configures), or a wrong contentUrl; check "
                                      "them and the site's contentUrl \"marketing\"; a personal access token holds "
                                      "one session at a time, so another process or Site signing in with the same "
                                      "token ends this one; give each its own token)");
    CHECK(fake.transport->count("POST", fake.api("/auth/signin")) == 1);

    auto with_password = fake.site();
    with_password.auth.kind = tabhook::model::Auth::Kind::password;
    fake.transport->script("POST", fake.api("/auth/signin"), {tableau_error(401, "401001", "Signin Error", "")});
    auto failed = connect(with_password, {}, fake.deps());
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().message() == "POST /api/3.24/auth/signin: HTTP 401, Tableau error 401001 (Signin Error): "
                                      "(Tableau answers this to a wrong user name or password, or a wrong "
                                      "contentUrl; check them and the site's contentUrl \"marketing\")");
}

TEST_CASE("client: redirects are reported, not followed", "[tableau]") {
    FakeTableau fake;
    fake.transport->script(
        "POST", fake.api("/auth/signin"),
        {respond(301, "", {{"location", "https://pod7.online.tableau.com/api/3.24/auth/signin?x=1"}})});
    auto client = connect(fake.site(), {}, fake.deps());
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().message() ==
          "POST /api/3.24/auth/signin: HTTP 301: the server redirects to https://pod7.online.tableau.com; tabhook does "
          "not follow redirects: set the site's server to the address it redirects to");
}

TEST_CASE("client: signs out with its token when destroyed", "[tableau]") {
    FakeTableau fake;
    {
        auto client = connected(fake);
        CHECK(fake.transport->count("POST", fake.api("/auth/signout")) == 0);
    }
    REQUIRE(fake.transport->count("POST", fake.api("/auth/signout")) == 1);
    const HttpRequest out = last(fake.transport->requests(), "POST", fake.api("/auth/signout"));
    CHECK(find_header(out.headers, "x-tableau-auth") == "tok-1");

    // A failing sign-out is ignored and not retried.
    FakeTableau failing;
    failing.transport->fallback("POST", failing.api("/auth/signout"), [](const HttpRequest&) { return respond(503); });
    { auto client = connected(failing); }
    CHECK(failing.transport->count("POST", failing.api("/auth/signout")) == 1);
}

TEST_CASE("client: the read-only client cannot write", "[tableau]") {
    FakeTableau fake;
    auto client = connect_read_only(fake.site(), {}, fake.deps());
    REQUIRE(client.has_value());
    CHECK(dynamic_cast<WriteClient*>(client->get()) == nullptr);
    fake.transport->script("GET", fake.hooks(), {respond_json(200, {{"webhooks", json::object()}})});
    CHECK((*client)->list_webhooks().has_value());
}

TEST_CASE("client: request economy of a read-only listing", "[tableau]") {
    FakeTableau fake;
    fake.transport->script("GET", fake.hooks(), {respond_json(200, {{"webhooks", json::object()}})});
    {
        auto client = connect_read_only(fake.site(), {}, fake.deps());
        REQUIRE(client.has_value());
        REQUIRE((*client)->list_webhooks().has_value());
        CHECK((*client)->stats().requests == 3);
    }
    CHECK(fake.transport->request_lines() ==
          std::vector<std::string>{"GET /api/2.4/serverinfo", "POST /api/3.24/auth/signin",
                                   "GET /api/3.24/sites/site-1/webhooks", "POST /api/3.24/auth/signout"});
}
