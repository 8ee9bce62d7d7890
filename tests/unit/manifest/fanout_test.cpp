// Fan-out: metadata.labels on Sites, metadata.sites and metadata.siteSelector on Webhooks, the expansion
// to one Webhook per site, ${site.…} in url, and every error they bring.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;

namespace {

// A Site; metadata.labels (a flow mapping) on line 5 when `labels` is not empty.
std::string site(const std::string& name, const std::string& labels = "") {
    return "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: " + name + "\n" +
           (labels.empty() ? "" : "  labels: " + labels + "\n") +
           "spec:\n  server: https://tableau.example.com\n  contentUrl: cu-" + name +
           "\n  auth:\n    personalAccessToken:\n      name: ${env:TABLEAU_PAT_NAME}\n      secret: "
           "${env:TABLEAU_PAT_SECRET}\n";
}

// A Webhook: metadata.name at 4:9, `selection` on line 5 ("sites: [a]" puts its value at 5:10), url at 8:8.
std::string webhook(const std::string& name, const std::string& selection,
                    const std::string& url = "https://hooks.example.com/tableau") {
    return "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: " + name + "\n  " + selection +
           "\nspec:\n  event: DatasourceRefreshFailed\n  url: " + url + "\n";
}

// Three labelled sites in s.yaml plus `docs` as w.yaml.
LoadResult fleet(const std::string& docs, const LoadOptions& options = options_with()) {
    const std::string sites = site("eu", "{env: prod, region: eu}") + "---\n" +
                              site("us", "{env: prod, region: us, team: bi}") + "---\n" + site("lab", "{env: test}");
    return load_sources({{"s.yaml", sites}, {"w.yaml", docs}}, options);
}

Strings site_names(const LoadResult& r) {
    Strings out;
    for (const auto& w : r.state.webhooks) out.push_back(w.site);
    return out;
}

} // namespace

TEST_CASE("fanout: Site labels are read", "[manifest][fanout]") {
    const auto r = load_text(site("eu", "{env: prod, tabhook.example.com/tier: \"\"}"));
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.sites.at(0).labels ==
          std::map<std::string, std::string>{{"env", "prod"}, {"tabhook.example.com/tier", ""}});
}

TEST_CASE("fanout: bad labels are errors at the key or value", "[manifest][fanout]") {
    CHECK(errors_of(site("eu", "{-env: prod}")) ==
          Strings{"m.yaml:5:12: invalid label key '-env' in metadata.labels: a label key's name must start and end "
                  "with a letter or digit"});
    CHECK(errors_of(site("eu", "{env: prod/eu}")) ==
          Strings{"m.yaml:5:17: invalid value of label 'env' 'prod/eu': a label value may contain only letters, "
                  "digits, '-', '_' and '.'"});
    CHECK(errors_of(site("eu", "{tier: 1}")) ==
          Strings{"m.yaml:5:18: value of label 'tier' must be a string; quote it: \"1\""});
    CHECK(errors_of(site("eu", "{env: a, env: b}")) ==
          Strings{"m.yaml:5:20: duplicate key 'env' in metadata.labels; the first is at line 5"});
    CHECK(errors_of(site("eu", "[env]")) == Strings{"m.yaml:5:11: metadata.labels must be a mapping"});
}

TEST_CASE("fanout: metadata.sites makes one webhook per listed site, in list order", "[manifest][fanout]") {
    const auto r = fleet(webhook("audit", "sites: [us, eu]"));
    REQUIRE(messages(r) == Strings{});
    CHECK(site_names(r) == Strings{"us", "eu"});
    for (const auto& w : r.state.webhooks) {
        CHECK(w.name == "audit");
        CHECK(w.location == model::Location{"w.yaml", 4, 9});
        CHECK(w.url == "https://hooks.example.com/tableau");
    }
    REQUIRE(r.expansions.size() == 1);
    CHECK(r.expansions[0] == Expansion{"audit", {"w.yaml", 4, 9}, "sites [us, eu]", {"us", "eu"}});
}

TEST_CASE("fanout: matchLabels selects the Sites with every label, in Site order", "[manifest][fanout]") {
    const auto r = fleet(webhook("audit", "siteSelector: {matchLabels: {env: prod}}"));
    REQUIRE(messages(r) == Strings{});
    CHECK(site_names(r) == Strings{"eu", "us"});
    CHECK(r.expansions.at(0).selection == "siteSelector env=prod");
    CHECK(site_names(fleet(webhook("a", "siteSelector: {matchLabels: {env: prod, region: us}}"))) == Strings{"us"});
}

TEST_CASE("fanout: matchExpressions follow Kubernetes, ANDed with matchLabels", "[manifest][fanout]") {
    const auto expr = [](const std::string& e) {
        return site_names(fleet(webhook("a", "siteSelector: {matchExpressions: [" + e + "]}")));
    };
    CHECK(expr("{key: region, operator: In, values: [us, eu]}") == Strings{"eu", "us"});
    // NotIn and DoesNotExist select a site without the key.
    CHECK(expr("{key: region, operator: NotIn, values: [eu]}") == Strings{"us", "lab"});
    CHECK(expr("{key: team, operator: Exists}") == Strings{"us"});
    CHECK(expr("{key: team, operator: DoesNotExist}") == Strings{"eu", "lab"});
    CHECK(site_names(fleet(webhook("a", "siteSelector: {matchLabels: {env: prod}, matchExpressions: [{key: team, "
                                        "operator: DoesNotExist}]}"))) == Strings{"eu"});
    // Kubernetes: an empty selector selects everything.
    CHECK(site_names(fleet(webhook("a", "siteSelector: {}"))) == Strings{"eu", "us", "lab"});
}

TEST_CASE("fanout: ${site.…} in url is substituted per site, also offline", "[manifest][fanout]") {
    const std::string url = "https://hooks.example.com/${site.name}/${site.contentUrl}?r=${site.label:region}";
    for (const bool resolve : {true, false}) {
        auto options = options_with();
        options.resolve_references = resolve;
        const auto r = fleet(webhook("audit", "sites: [eu, us]", url), options);
        REQUIRE(messages(r) == Strings{});
        REQUIRE(r.state.webhooks.size() == 2);
        CHECK(r.state.webhooks[0].url == "https://hooks.example.com/eu/cu-eu?r=eu");
        CHECK(r.state.webhooks[1].url == "https://hooks.example.com/us/cu-us?r=us");
        CHECK(r.state.webhooks[0].url_reference_values.empty()); // site values are not secrets
    }
}

TEST_CASE("fanout: ${site.…} beside a secret reference keeps the secret masked", "[manifest][fanout]") {
    const auto r =
        fleet(webhook("audit", "sites: [eu]", "https://hooks.example.com/${site.name}?t=${env:RELAY_TOKEN}"));
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.webhooks.at(0).url == "https://hooks.example.com/eu?t=relay-token-value");
    CHECK(r.state.webhooks.at(0).url_reference_values == Strings{"relay-token-value"});
    auto offline = options_with();
    offline.resolve_references = false;
    const auto o =
        fleet(webhook("audit", "sites: [eu]", "https://hooks.example.com/${site.name}?t=${env:RELAY_TOKEN}"), offline);
    REQUIRE(messages(o) == Strings{});
    CHECK(o.state.webhooks.at(0).url == "https://hooks.example.com/eu?t=${env:RELAY_TOKEN}");
}

TEST_CASE("fanout: a single metadata.site also substitutes ${site.…}", "[manifest][fanout]") {
    const auto r = fleet(webhook("audit", "site: us", "https://hooks.example.com/${site.label:team}"));
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.webhooks.at(0).url == "https://hooks.example.com/bi");
    CHECK(r.expansions.empty()); // nothing fanned out
}

TEST_CASE("fanout: a url that breaks a rule on every site is reported once", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "sites: [eu, us]", "http://${site.name}.example.com/x"))) ==
          Strings{"w.yaml:8:8: url must use https:// (http:// only for loopback hosts, for local testing); write a "
                  "loopback host literally"});
}

TEST_CASE("fanout: a selector that selects nothing names the labels in use", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "siteSelector: {matchLabels: {env: prd}}"))) ==
          Strings{"w.yaml:5:17: metadata.siteSelector (env=prd) selects no site: the labels in use are env=prod, "
                  "env=test, region=eu, region=us, team=bi"});
    CHECK(messages(fleet(webhook("a", "siteSelector: {matchLabels: {regoin: eu}}"))) ==
          Strings{"w.yaml:5:17: metadata.siteSelector (regoin=eu) selects no site: the labels in use are env=prod, "
                  "env=test, region=eu, region=us, team=bi; no Site has the label 'regoin'; did you mean 'region'?"});
    CHECK(messages(load_sources({{"s.yaml", site("eu")}, {"w.yaml", webhook("a", "siteSelector: {}")}},
                                options_with())) == Strings{});
    CHECK(messages(load_sources(
              {{"s.yaml", site("eu")}, {"w.yaml", webhook("a", "siteSelector: {matchLabels: {env: prod}}")}},
              options_with())) ==
          Strings{"w.yaml:5:17: metadata.siteSelector (env=prod) selects no site: no Site has labels "
                  "(metadata.labels)"});
}

TEST_CASE("fanout: an unknown site in metadata.sites suggests the closest", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "sites: [eu, uss]"))) ==
          Strings{"w.yaml:5:15: site 'uss' is not declared by any Site document; did you mean 'us'?"});
}

TEST_CASE("fanout: metadata.sites must be a non-empty list of distinct names", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "sites: []"))) ==
          Strings{"w.yaml:5:10: metadata.sites must name at least one site"});
    CHECK(messages(fleet(webhook("a", "sites: eu"))) ==
          Strings{"w.yaml:5:10: metadata.sites must be a list of Site names"});
    CHECK(messages(fleet(webhook("a", "sites: [eu, us, eu]"))) ==
          Strings{"w.yaml:5:19: site 'eu' is listed twice in metadata.sites; the first is at line 5"});
}

TEST_CASE("fanout: a label that a selected site lacks names the site", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "siteSelector: {matchLabels: {env: prod}}",
                                 "https://hooks.example.com/${site.label:tem}"))) ==
          Strings{"w.yaml:8:8: url: ${site.label:tem}: site 'eu' (at s.yaml:4:9) has no label 'tem'",
                  "w.yaml:8:8: url: ${site.label:tem}: site 'us' (at s.yaml:17:9) has no label 'tem'; did you mean "
                  "'team'?"});
}

TEST_CASE("fanout: one name declared twice for one site through two documents", "[manifest][fanout]") {
    // A selector covering a site and metadata.site naming it.
    CHECK(messages(fleet(webhook("audit", "siteSelector: {matchLabels: {region: us}}") + "---\n" +
                         webhook("audit", "site: us"))) ==
          Strings{"w.yaml:13:9: webhook 'audit' is already declared for site 'us' at w.yaml:4:9"});
    // Two lists that overlap on one site.
    CHECK(messages(load_sources({{"s.yaml", site("eu") + "---\n" + site("us")},
                                 {"a.yaml", webhook("audit", "sites: [eu, us]")},
                                 {"b.yaml", webhook("audit", "sites: [us]")}},
                                options_with())) ==
          Strings{"b.yaml:4:9: webhook 'audit' is already declared for site 'us' at a.yaml:4:9"});
}

TEST_CASE("fanout: exactly one of site, sites and siteSelector", "[manifest][fanout]") {
    const std::string both = "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: a\n  sites: [eu]\n"
                             "  site: eu\nspec:\n  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n";
    CHECK(messages(fleet(both)) ==
          Strings{"w.yaml:6:3: metadata has both sites and site; keep exactly one of site, sites or siteSelector"});
    const std::string none = "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: a\n"
                             "spec:\n  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n";
    CHECK(messages(fleet(none)) == Strings{"w.yaml:4:3: missing required field 'site' in metadata (or 'sites' or "
                                           "'siteSelector' for several sites)"});
}

TEST_CASE("fanout: selector syntax is checked as Kubernetes checks it", "[manifest][fanout]") {
    const auto expr = [](const std::string& e) {
        return messages(fleet(webhook("a", "siteSelector: {matchExpressions: [" + e + "]}")));
    };
    CHECK(expr("{key: env, operator: In}") == Strings{"w.yaml:5:58: operator In needs a non-empty values list"});
    CHECK(expr("{key: env, operator: NotIn, values: []}") ==
          Strings{"w.yaml:5:73: operator NotIn needs a non-empty values list"});
    CHECK(expr("{key: env, operator: Exists, values: [a]}") ==
          Strings{"w.yaml:5:74: operator Exists takes no values; leave values out"});
    CHECK(expr("{key: env, operator: Has}") ==
          Strings{"w.yaml:5:58: operator must be In, NotIn, Exists or DoesNotExist, not 'Has'"});
    CHECK(expr("{key: -env, operator: Exists}") ==
          Strings{"w.yaml:5:43: invalid label key '-env' in matchExpressions: a label key's name must start and "
                  "end with a letter or digit"});
    CHECK(messages(fleet(webhook("a", "siteSelector: {matchLabel: {env: prod}}"))) ==
          Strings{"w.yaml:5:18: unknown field 'matchLabel' in metadata.siteSelector; did you mean 'matchLabels'?"});
}

TEST_CASE("fanout: ${site.…} syntax, and only in a Webhook's url", "[manifest][fanout]") {
    CHECK(messages(fleet(webhook("a", "sites: [eu]", "https://h.example.com/${site.nme}"))) ==
          Strings{"w.yaml:8:8: url: unknown site field 'nme' in ${site.nme}; use ${site.name}, ${site.contentUrl} "
                  "or ${site.label:KEY}"});
    CHECK(messages(fleet(webhook("a", "sites: [eu]", "https://h.example.com/${site:name}"))) ==
          Strings{"w.yaml:8:8: url: write site references with a dot: ${site.name}, ${site.contentUrl} or "
                  "${site.label:KEY}"});
    std::string s = site("eu");
    s.replace(s.find("https://tableau.example.com"), 27, "https://${site.name}.example.com");
    CHECK(errors_of(s) == Strings{"m.yaml:6:11: server: ${site.…} references may appear only in a Webhook's url"});
}

TEST_CASE("fanout: a file that cannot be read hides no Site from a selector or a list", "[manifest][fanout]") {
    // The missing Site may be in the unread part: only the syntax error is reported.
    CHECK(messages(load_sources({{"s.yaml", "a: [\n"},
                                 {"w.yaml", webhook("a", "siteSelector: {matchLabels: {env: prod}}") + "---\n" +
                                                webhook("b", "sites: [eu]")}},
                                options_with())) ==
          Strings{"s.yaml:2:1: YAML syntax error: end of sequence flow not found"});
}

TEST_CASE("fanout: a fanned-out name must start with each selected site's namePrefix", "[manifest][fanout]") {
    std::string prefixed = site("eu", "{env: prod}");
    prefixed += "  ownership:\n    namePrefix: gitops-\n";
    CHECK(messages(load_sources({{"s.yaml", prefixed + "---\n" + site("us", "{env: prod}")},
                                 {"w.yaml", webhook("audit", "siteSelector: {matchLabels: {env: prod}}")}},
                                options_with())) ==
          Strings{"w.yaml:4:9: webhook name 'audit' must start with 'gitops-', the ownership.namePrefix of site 'eu'"});
}
