#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;

namespace {
std::string webhook(const std::string& name, const std::string& site) {
    return "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: " + name + "\n  site: " + site +
           "\nspec:\n  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n";
}
} // namespace

TEST_CASE("manifest: webhooks may live in other files than their site", "[manifest]") {
    const auto r =
        load_sources({{"sites/m.yaml", kSite}, {"webhooks/a.yaml", webhook("a", "marketing")}}, options_with());
    CHECK(messages(r) == Strings{});
    CHECK(r.state.webhooks.size() == 1);
    CHECK(r.files == Strings{"sites/m.yaml", "webhooks/a.yaml"});
}

TEST_CASE("manifest: a webhook naming an undeclared site suggests the closest", "[manifest]") {
    CHECK(messages(load_sources({{"s.yaml", kSite}, {"w.yaml", webhook("a", "marketng")}}, options_with())) ==
          Strings{"w.yaml:5:9: site 'marketng' is not declared by any Site document; did you mean 'marketing'?"});
    CHECK(messages(load_sources({{"w.yaml", webhook("a", "marketing")}}, options_with())) ==
          Strings{"w.yaml:5:9: site 'marketing' is not declared by any Site document; no Site document was found"});
}

TEST_CASE("manifest: a file that cannot be read does not cause undeclared-site errors", "[manifest]") {
    CHECK(messages(load_sources({{"s.yaml", "a: [\n"}, {"w.yaml", webhook("a", "marketing")}}, options_with())) ==
          Strings{"s.yaml:2:1: YAML syntax error: end of sequence flow not found"});
}

TEST_CASE("manifest: duplicate webhook names within a site are errors", "[manifest]") {
    CHECK(messages(load_sources(
              {{"s.yaml", kSite}, {"a.yaml", webhook("x", "marketing")}, {"b.yaml", webhook("x", "marketing")}},
              options_with())) ==
          Strings{"b.yaml:4:9: webhook 'x' is already declared for site 'marketing' at a.yaml:4:9"});
}

TEST_CASE("manifest: two sites with one name are an error", "[manifest]") {
    CHECK(messages(load_sources({{"a.yaml", kSite}, {"b.yaml", kSite}}, options_with())) ==
          Strings{"b.yaml:4:9: site 'marketing' is already declared at a.yaml:4:9"});
}

TEST_CASE("manifest: declared names must start with the site's namePrefix", "[manifest]") {
    const std::string site = kSite + "  ownership:\n    namePrefix: gitops-\n";
    CHECK(messages(load_sources({{"s.yaml", site},
                                 {"a.yaml", webhook("gitops-ok", "marketing")},
                                 {"b.yaml", webhook("refresh", "marketing")}},
                                options_with())) ==
          Strings{"b.yaml:4:9: webhook name 'refresh' must start with 'gitops-', the ownership.namePrefix of site "
                  "'marketing'"});
}

TEST_CASE("manifest: cross-document errors are marked as such", "[manifest]") {
    const auto r = load_sources({{"a.yaml", kSite}, {"b.yaml", kSite}}, options_with());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].rule == "duplicate-site");
    CHECK(r.errors[0].cross_document);
}

TEST_CASE("manifest: an empty manifest set is an error", "[manifest]") {
    CHECK(messages(load_sources({{"a.yaml", "# nothing here\n"}}, options_with())) ==
          Strings{"a.yaml: no manifests found: no document with apiVersion: tabhook/v1 in 1 file"});
    CHECK(messages(load_sources({{"a.yaml", "apiVersion: v1\nkind: ConfigMap\n"}, {"b.yaml", ""}}, options_with())) ==
          Strings{"a.yaml: no manifests found: no document with apiVersion: tabhook/v1 in 2 files"});
}

namespace {
// A Site with the given name, server and contentUrl, and extra spec lines (indented by 2).
std::string site_doc(const std::string& name, const std::string& server, const std::string& content_url,
                     const std::string& extra = "") {
    return "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: " + name + "\nspec:\n  server: " + server +
           "\n  contentUrl: " + content_url +
           "\n  auth:\n    personalAccessToken:\n      name: ${env:TABLEAU_PAT_NAME}\n      secret: "
           "${env:TABLEAU_PAT_SECRET}\n" +
           extra;
}
const std::string kOwned = "  prune: owned\n";
std::string prefix(const std::string& p, const std::string& prune = "owned") {
    return "  prune: " + prune + "\n  ownership:\n    namePrefix: " + p + "\n";
}
} // namespace

TEST_CASE("manifest: two Sites on one Tableau site are an error naming both, with the fix", "[manifest]") {
    const auto r = load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "marketing", kOwned)},
                                 {"b.yaml", site_doc("b", "https://tableau.example.com", "marketing", kOwned)}},
                                options_with());
    CHECK(messages(r) ==
          Strings{"b.yaml:4:9: site 'b' is the same Tableau site as site 'a' at a.yaml:4:9 "
                  "(https://tableau.example.com, contentUrl 'marketing'): each would manage, and with prune "
                  "delete, the other's webhooks; give each Site its own ownership.namePrefix that is not a prefix "
                  "of the other's, or merge them"});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].rule == "same-tableau-site");
    CHECK(r.errors[0].cross_document);
}

TEST_CASE("manifest: the same Tableau site is found through case, default port and references", "[manifest]") {
    // contentUrl case (Tableau matches it case-insensitively), host case and a default port.
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "marketing")},
                                 {"b.yaml", site_doc("b", "HTTPS://Tableau.Example.com:443/", "Marketing")}},
                                options_with()))
              .size() == 1);
    // One Site writes the server literally, the other through a reference that resolves to it.
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "\"\"")},
                                 {"b.yaml", site_doc("b", "${env:TABLEAU_SERVER_URL}", "\"\"")}},
                                options_with())) ==
          Strings{"b.yaml:4:9: site 'b' is the same Tableau site as site 'a' at a.yaml:4:9 "
                  "(https://tableau.example.com, the default site): each would manage, and with prune delete, the "
                  "other's webhooks; give each Site its own ownership.namePrefix that is not a prefix of the "
                  "other's, or merge them"});
    // Other sites, servers and ports are other Tableau sites.
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "marketing")},
                                 {"b.yaml", site_doc("b", "https://tableau.example.com", "sales")},
                                 {"c.yaml", site_doc("c", "https://tableau.example.com:8443", "marketing")},
                                 {"d.yaml", site_doc("d", "https://other.example.com", "marketing")}},
                                options_with())) == Strings{});
}

TEST_CASE("manifest: Sites may share a Tableau site only with name prefixes that cannot overlap", "[manifest]") {
    const std::string s = "https://tableau.example.com";
    const auto errors = [&](const std::string& extra_a, const std::string& extra_b) {
        return messages(load_sources(
                            {{"a.yaml", site_doc("a", s, "m", extra_a)}, {"b.yaml", site_doc("b", s, "m", extra_b)}},
                            options_with()))
            .size();
    };
    CHECK(errors(prefix("team-a-"), prefix("team-b-")) == 0);
    CHECK(errors(prefix("team-"), prefix("team-b-")) == 1);
    CHECK(errors(prefix("team-a-"), kOwned) == 1);
    CHECK(errors(prefix("team-a-", "all"), prefix("team-b-")) == 1);
    CHECK(errors(prefix("team-a-", "none"), prefix("team-b-", "none")) == 0);
    // Even without prune, two Sites owning the same names would undo each other's changes.
    CHECK(errors("", "") == 1);
}

TEST_CASE("manifest: --offline compares only servers written literally", "[manifest]") {
    LoadOptions offline = options_with({});
    offline.resolve_references = false;
    // A reference is not resolved offline: nothing to compare.
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "${env:TABLEAU_SERVER_URL}", "m")},
                                 {"b.yaml", site_doc("b", "${env:TABLEAU_SERVER_URL}", "m")}},
                                offline)) == Strings{});
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "m")},
                                 {"b.yaml", site_doc("b", "${env:TABLEAU_SERVER_URL}", "m")}},
                                offline)) == Strings{});
    CHECK(messages(load_sources({{"a.yaml", site_doc("a", "https://tableau.example.com", "m")},
                                 {"b.yaml", site_doc("b", "https://TABLEAU.example.com", "M")}},
                                offline))
              .size() == 1);
}
