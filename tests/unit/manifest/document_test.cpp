#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;

TEST_CASE("manifest: a site and a webhook load with their defaults", "[manifest]") {
    const auto r = load_text(with_webhook("  event: DatasourceRefreshFailed\n"
                                          "  url: https://relay.example.com/tableau/${env:RELAY_TOKEN}\n"));
    REQUIRE(messages(r) == Strings{});
    REQUIRE(r.state.sites.size() == 1);
    const model::Site& site = r.state.sites[0];
    CHECK(site.name == "marketing");
    CHECK(site.server == "https://tableau.example.com");
    CHECK(site.content_url == "marketing");
    CHECK_FALSE(site.rest_api_version.has_value());
    CHECK(site.auth.kind == model::Auth::Kind::personal_access_token);
    CHECK(site.auth.name == "tabhook-ci");
    CHECK(site.auth.secret == "pat-secret-value");
    CHECK(site.prune == model::Prune::none);
    CHECK(site.update_strategy == model::UpdateStrategy::replace);
    CHECK_FALSE(site.suspend);
    CHECK_FALSE(site.name_prefix.has_value());
    CHECK(site.location == model::Location{"m.yaml", 4, 9});
    REQUIRE(r.state.webhooks.size() == 1);
    const model::Webhook& w = r.state.webhooks[0];
    CHECK(w.name == "refresh-failed");
    CHECK(w.site == "marketing");
    CHECK(w.event == "DatasourceRefreshFailed");
    CHECK(w.url == "https://relay.example.com/tableau/relay-token-value");
    CHECK(w.enabled);
    CHECK(w.test == model::TestPolicy::required);
    CHECK(w.location == model::Location{"m.yaml", 16, 9});
}

TEST_CASE("manifest: every site field is read", "[manifest]") {
    const auto r = load_text(R"(apiVersion: tabhook/v1
kind: Site
metadata:
  name: default
spec:
  server: https://tableau.example.com
  contentUrl: ""
  restApiVersion: "3.24"
  auth:
    password:
      username: admin
      password: ${env:TABLEAU_PAT_SECRET}
  prune: owned
  updateStrategy: in-place
  suspend: true
  ownership:
    namePrefix: "gitops-"
)");
    REQUIRE(messages(r) == Strings{});
    const model::Site& site = r.state.sites.at(0);
    CHECK(site.content_url.empty());
    CHECK(site.rest_api_version == std::optional<std::string>("3.24"));
    CHECK(site.auth.kind == model::Auth::Kind::password);
    CHECK(site.auth.name == "admin");
    CHECK(site.prune == model::Prune::owned);
    CHECK(site.update_strategy == model::UpdateStrategy::in_place);
    CHECK(site.suspend);
    CHECK(site.name_prefix == std::optional<std::string>("gitops-"));
}

TEST_CASE("manifest: webhook fields and event aliases are normalised", "[manifest]") {
    const auto r = load_text(with_webhook("  event: webhook-source-event-datasource-refresh-failed\n"
                                          "  url: http://127.0.0.1:8080/hook\n"
                                          "  enabled: false\n"
                                          "  test: best-effort\n"));
    REQUIRE(messages(r) == Strings{});
    const model::Webhook& w = r.state.webhooks.at(0);
    CHECK(w.event == "DatasourceRefreshFailed");
    CHECK(w.url == "http://127.0.0.1:8080/hook");
    CHECK_FALSE(w.enabled);
    CHECK(w.test == model::TestPolicy::best_effort);

    const auto kebab = load_text(with_webhook("  event: datasource-refresh-failed\n  url: https://h.example.com/\n"));
    CHECK(kebab.state.webhooks.at(0).event == "DatasourceRefreshFailed");
}

TEST_CASE("manifest: unknown field suggests the closest one", "[manifest]") {
    CHECK(
        errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n  enabeld: true\n")) ==
        Strings{"m.yaml:21:3: unknown field 'enabeld' in spec; did you mean 'enabled'?"});
}

TEST_CASE("manifest: unknown field with no close match lists the allowed ones", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n  colour: red\n")) ==
          Strings{"m.yaml:21:3: unknown field 'colour' in spec; expected event, url, enabled or test"});
}

TEST_CASE("manifest: missing required fields are reported at their mapping", "[manifest]") {
    CHECK(errors_of(with_webhook("  enabled: true\n")) == Strings{"m.yaml:19:3: missing required field 'event' in spec",
                                                                  "m.yaml:19:3: missing required field 'url' in spec"});
    CHECK(errors_of("apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: a\n") ==
          Strings{"m.yaml:1:1: missing required field 'spec' in the document"});
}

TEST_CASE("manifest: an unquoted restApiVersion is a number and must be quoted", "[manifest]") {
    std::string site = kSite + "  restApiVersion: 3.10\n";
    CHECK(errors_of(site) == Strings{"m.yaml:12:19: restApiVersion must be a string; quote it: \"3.10\""});
}

TEST_CASE("manifest: restApiVersion must look like a version the webhook API has", "[manifest]") {
    CHECK(errors_of(kSite + "  restApiVersion: \"latest\"\n") ==
          Strings{"m.yaml:12:19: restApiVersion must look like \"3.24\", not 'latest'"});
    CHECK(errors_of(kSite + "  restApiVersion: \"3.5\"\n") ==
          Strings{"m.yaml:12:19: restApiVersion 3.5 is too old: webhooks need REST API 3.6 or later"});
    CHECK(errors_of(kSite + "  restApiVersion: \"3.6\"\n") == Strings{});
}

TEST_CASE("manifest: enums name their choices and suggest the closest", "[manifest]") {
    CHECK(errors_of(kSite + "  prune: ownd\n  updateStrategy: inplace\n") ==
          Strings{"m.yaml:12:10: prune must be none, owned or all, not 'ownd'; did you mean 'owned'?",
                  "m.yaml:13:19: updateStrategy must be replace or in-place, not 'inplace'; did you mean 'in-place'?"});
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n  test: no\n")) ==
          Strings{"m.yaml:21:9: test must be required, best-effort or skip, not 'no'"});
}

TEST_CASE("manifest: booleans must be true or false", "[manifest]") {
    CHECK(errors_of(kSite + "  suspend: \"true\"\n") == Strings{"m.yaml:12:12: suspend must be true or false"});
    CHECK(
        errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n  enabled: yes\n")) ==
        Strings{"m.yaml:21:12: enabled must be true or false"});
}

TEST_CASE("manifest: wrong types are reported with the field's name", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: [DatasourceRefreshFailed]\n  url: https://h.example.com/\n")) ==
          Strings{"m.yaml:19:10: event must be a string"});
    CHECK(errors_of("apiVersion: tabhook/v1\nkind: Site\nmetadata: marketing\nspec: {}\n") ==
          Strings{"m.yaml:3:11: metadata must be a mapping", "m.yaml:4:7: missing required field 'server' in spec",
                  "m.yaml:4:7: missing required field 'contentUrl' in spec",
                  "m.yaml:4:7: missing required field 'auth' in spec"});
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n", "2024")) ==
          Strings{"m.yaml:16:9: metadata.name must be a string; quote it: \"2024\""});
}

TEST_CASE("manifest: contentUrl must be given, \"\" for the default site", "[manifest]") {
    std::string site = kSite;
    site.replace(site.find("  contentUrl: marketing\n"), 24, "");
    CHECK(errors_of(site) == Strings{"m.yaml:6:3: missing required field 'contentUrl' in spec"});
    site = kSite;
    site.replace(site.find("  contentUrl: marketing\n"), 24, "  contentUrl:\n");
    CHECK(errors_of(site).size() == 1);
    CHECK(errors_of(site)[0].ends_with("contentUrl must be a string; write \"\" for the default site"));
}

TEST_CASE("manifest: unknown event suggests the closest spelling", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFaild\n  url: https://h.example.com/\n")) ==
          Strings{"m.yaml:19:10: unknown event 'DatasourceRefreshFaild'; did you mean 'DatasourceRefreshFailed'?"});
    CHECK(errors_of(with_webhook("  event: SomethingElseEntirely\n  url: https://h.example.com/\n")) ==
          Strings{"m.yaml:19:10: unknown event 'SomethingElseEntirely'; 'tabhook events' lists the known events"});
}

TEST_CASE("manifest: urls must be https, http only for loopback hosts", "[manifest]") {
    const auto errors =
        errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: http://hooks.example.com/x\n"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].starts_with("m.yaml:20:8: url must use https:// (http:// only for loopback hosts, for local "
                                "testing): http://hooks.example.com/…#"));
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: http://localhost:9000/x\n")) == Strings{});
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: http://[::1]:9000/x\n")) == Strings{});
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: ftp://${env:RELAY_TOKEN}/x\n")) ==
          Strings{"m.yaml:20:8: url must use https:// (http:// only for loopback hosts, for local testing)"});
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: not a url\n"))[0].starts_with(
        "m.yaml:20:8: url is not a valid absolute URL: <invalid url>#"));
}

TEST_CASE("manifest: the server url follows the same rule", "[manifest]") {
    std::string site = kSite;
    site.replace(site.find("${env:TABLEAU_SERVER_URL}"), 25, "http://tableau.example.com");
    const auto errors = errors_of(site);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].starts_with("m.yaml:6:11: server must use https://"));
}

TEST_CASE("manifest: auth needs exactly one method", "[manifest]") {
    const std::string head = "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: a\nspec:\n"
                             "  server: https://t.example.com\n  contentUrl: a\n";
    CHECK(errors_of(head + "  auth: {}\n") ==
          Strings{"m.yaml:8:9: auth needs exactly one of personalAccessToken or password"});
    CHECK(errors_of(head + "  auth:\n    personalAccessToken: {name: n, secret: \"${env:TABLEAU_PAT_SECRET}\"}\n"
                           "    password: {username: u, password: \"${env:TABLEAU_PAT_SECRET}\"}\n") ==
          Strings{"m.yaml:10:5: auth has both personalAccessToken and password; keep exactly one"});
    CHECK(errors_of(head + "  auth:\n    personalAccessToken: {name: n}\n") ==
          Strings{"m.yaml:9:26: missing required field 'secret' in auth.personalAccessToken"});
}

TEST_CASE("manifest: names must not be empty", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n", "\"  \"")) ==
          Strings{"m.yaml:16:9: metadata.name must not be empty"});
    CHECK(errors_of(kSite + "  ownership:\n    namePrefix: \"\"\n") ==
          Strings{"m.yaml:13:17: ownership.namePrefix must not be empty; leave it out instead"});
}

TEST_CASE("manifest: duplicate keys are errors although yaml-cpp accepts them", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n"
                                 "  url: https://other.example.com/\n")) ==
          Strings{"m.yaml:21:3: duplicate key 'url' in spec; the first is at line 20"});
}

TEST_CASE("manifest: unknown kind suggests the closest one", "[manifest]") {
    CHECK(errors_of("apiVersion: tabhook/v1\nkind: Webhok\n") ==
          Strings{"m.yaml:2:7: unknown kind 'Webhok'; did you mean 'Webhook'?"});
    CHECK(errors_of("apiVersion: tabhook/v1\nkind: Dashboard\n") ==
          Strings{"m.yaml:2:7: unknown kind 'Dashboard'; expected Site or Webhook"});
    CHECK(errors_of("apiVersion: tabhook/v1\nmetadata: {}\n") ==
          Strings{"m.yaml:1:1: missing required field 'kind'; expected Site or Webhook"});
}

TEST_CASE("manifest: other apiVersions are skipped, but not for tabhook kinds", "[manifest]") {
    const auto r = load_text(kSite + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CHECK(messages(r) == Strings{});
    CHECK(r.skipped == Strings{"m.yaml:13:1: apiVersion v1, kind ConfigMap"});
    CHECK(errors_of(kSite + "---\napiVersion: v1\nkind: Webhook\n") ==
          Strings{"m.yaml:13:13: Webhook documents need apiVersion: tabhook/v1, not 'v1'"});
    CHECK(errors_of(kSite + "---\nkind: Site\n") ==
          Strings{"m.yaml:13:1: missing apiVersion; Site documents need apiVersion: tabhook/v1"});
    CHECK(errors_of(kSite + "---\napiVersion: tabhook/v2\nkind: Site\n") ==
          Strings{"m.yaml:13:13: unknown apiVersion 'tabhook/v2'; this version of tabhook reads tabhook/v1"});
}

TEST_CASE("manifest: every error in a file is reported, sorted by position", "[manifest]") {
    const auto errors = errors_of(with_webhook("  event: DatasourceRefreshFaild\n  url: https://h.example.com/\n"
                                               "  enabled: maybe\n  tst: skip\n"));
    CHECK(errors ==
          Strings{"m.yaml:19:10: unknown event 'DatasourceRefreshFaild'; did you mean 'DatasourceRefreshFailed'?",
                  "m.yaml:21:12: enabled must be true or false",
                  "m.yaml:22:3: unknown field 'tst' in spec; did you mean 'test'?"});
}

TEST_CASE("manifest: aliases are refused in tabhook documents", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: &e DatasourceRefreshFailed\n  url: *e\n")) ==
          Strings{"m.yaml:20:8: YAML aliases (*name) are not allowed in tabhook documents; write the value out"});
}

TEST_CASE("manifest: the values references put into a url are kept as secrets of their own", "[manifest]") {
    auto env = default_env();
    env["RELAY_TOKEN"] = "token-4f2a9c";
    env["SHORT"] = "v2";
    const auto r = load_text(with_webhook("  event: DatasourceRefreshFailed\n"
                                          "  url: https://relay.example.com/${env:SHORT}/${env:RELAY_TOKEN}?x=1\n"),
                             options_with(env));
    REQUIRE(messages(r) == Strings{});
    REQUIRE(r.state.webhooks.size() == 1);
    CHECK(r.state.webhooks[0].url == "https://relay.example.com/v2/token-4f2a9c?x=1");
    // Too short to mask without garbling unrelated text: "v2" is left out.
    CHECK(r.state.webhooks[0].url_reference_values == Strings{"token-4f2a9c"});
}

TEST_CASE("manifest: spec.server must be the server's root URL, not a page; a proxy path is kept", "[manifest]") {
    const auto site_at = [](const std::string& server) {
        return "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: s\nspec:\n  server: " + server +
               "\n  contentUrl: x\n  auth:\n    personalAccessToken: {name: n, secret: "
               "\"${env:TABLEAU_PAT_SECRET}\"}\n";
    };
    CHECK(errors_of(site_at("https://10ax.online.tableau.com/#/site/marketing/home")) ==
          Strings{"m.yaml:6:11: server must be the server's root URL, not the address of a page (it has a query "
                  "or fragment): use https://10ax.online.tableau.com with contentUrl: \"marketing\""});
    CHECK(errors_of(site_at("https://tableau.example.com/t/Finance/views/Sales")) ==
          Strings{"m.yaml:6:11: server must be the server's root URL, not the address of a page (a path of "
                  "Tableau's web UI or API): use https://tableau.example.com with contentUrl: \"Finance\""});
    CHECK(errors_of(site_at("https://tableau.example.com:8443/API/3.24/")) ==
          Strings{"m.yaml:6:11: server must be the server's root URL, not the address of a page (a path of "
                  "Tableau's web UI or API): use https://tableau.example.com:8443"});
    CHECK(errors_of(site_at("https://tableau.example.com?x=1")).size() == 1);
    // Reached through a reference, the resolved value is checked at the reference's place.
    auto env = default_env();
    env["TABLEAU_SERVER_URL"] = "https://10ax.online.tableau.com/#/";
    CHECK(errors_of(site_at("${env:TABLEAU_SERVER_URL}"), options_with(env)).size() == 1);
    // What a reference put into the server is never echoed: the fix is named, not spelled out.
    env["SITE_PATH"] = "sentinel-7d1c5b";
    CHECK(errors_of(site_at("https://tableau.example.com/t/${env:SITE_PATH}"), options_with(env)) ==
          Strings{"m.yaml:6:11: server must be the server's root URL, not the address of a page (a path of "
                  "Tableau's web UI or API): use its origin (scheme://host[:port]), with the site in contentUrl"});
    // Legitimate: the root, with or without a slash, and a reverse proxy's prefix.
    for (const char* ok : {"https://tableau.example.com", "https://tableau.example.com/",
                           "https://proxy.example.com/tableau", "https://proxy.example.com/analytics/tableau/"})
        CHECK(errors_of(site_at(ok)) == Strings{});
}
