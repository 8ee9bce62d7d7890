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
