#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {
// A scratch directory; relative paths in diagnostics are relative to it, so the tests chdir there.
struct Scratch {
    fs::path root;
    fs::path previous;
    explicit Scratch(const std::string& name) {
        root = fs::temp_directory_path() / ("tabhook-loader-" + name);
        fs::remove_all(root);
        fs::create_directories(root);
        previous = fs::current_path();
        fs::current_path(root);
    }
    ~Scratch() {
        fs::current_path(previous);
        fs::remove_all(root);
    }
    void write(const std::string& path, const std::string& text) const {
        fs::create_directories((root / path).parent_path());
        std::ofstream(root / path, std::ios::binary) << text;
    }
};

const std::string kWebhook = "apiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: w\n  site: marketing\n"
                             "spec:\n  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n";
} // namespace

TEST_CASE("manifest: directories are searched recursively in sorted order, hidden ones skipped", "[manifest]") {
    Scratch s("walk");
    s.write("repo/sites/marketing.yaml", kSite);
    s.write("repo/webhooks/b.yml", kWebhook);
    s.write("repo/webhooks/a.yaml", "# empty\n");
    s.write("repo/webhooks/notes.txt", "not yaml");
    s.write("repo/.github/workflows/ci.yaml", "on: push\n");
    s.write("repo/.hidden.yaml", "broken: [\n");
    const auto r = load_manifests({"repo"}, options_with());
    CHECK(messages(r) == Strings{});
    CHECK(r.files == Strings{"repo/sites/marketing.yaml", "repo/webhooks/a.yaml", "repo/webhooks/b.yml"});
}

TEST_CASE("manifest: a file named twice is read once", "[manifest]") {
    Scratch s("twice");
    s.write("m/site.yaml", kSite);
    const auto r = load_manifests({"m", "m/site.yaml", "./m/../m/site.yaml"}, options_with());
    CHECK(messages(r) == Strings{});
    CHECK(r.files == Strings{"m/site.yaml"});
}

TEST_CASE("manifest: a file reached through a symlink or a hard link is read once", "[manifest]") {
    Scratch s("links");
    s.write("m/site.yaml", kSite);
    fs::create_symlink("site.yaml", s.root / "m" / "alias.yaml");
    fs::create_hard_link(s.root / "m" / "site.yaml", s.root / "m" / "hard.yml");
    const auto r = load_manifests({"m", "m/hard.yml"}, options_with());
    CHECK(messages(r) == Strings{});           // not a duplicate of itself
    CHECK(r.files == Strings{"m/alias.yaml"}); // the first name in sorted order
}

TEST_CASE("manifest: a missing path and an empty directory are errors", "[manifest]") {
    Scratch s("missing");
    fs::create_directories(s.root / "empty");
    CHECK(messages(load_manifests({"nope.yaml"}, options_with())) == Strings{"nope.yaml: no such file or directory"});
    CHECK(messages(load_manifests({"empty"}, options_with())) ==
          Strings{"empty: no manifests found: no *.yaml or *.yml files"});
}

TEST_CASE("manifest: ${file:} is relative to the manifest's folder", "[manifest]") {
    Scratch s("fileref");
    std::string site = kSite;
    site.replace(site.find("${env:TABLEAU_PAT_SECRET}"), 25, "${file:secrets/pat}");
    s.write("repo/sites/m.yaml", site);
    s.write("repo/sites/secrets/pat", "from-file\n");
    const auto r = load_manifests({"repo"}, options_with());
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.sites.at(0).auth.secret == "from-file");
}

TEST_CASE("manifest: multi-document files keep document order and positions", "[manifest]") {
    const auto r = load_text(kSite + "---\n" + kWebhook + "---\n" +
                             std::string(kWebhook).replace(kWebhook.find("name: w"), 7, "name: v"));
    REQUIRE(messages(r) == Strings{});
    REQUIRE(r.state.webhooks.size() == 2);
    CHECK(r.state.webhooks[0].location == model::Location{"m.yaml", 16, 9});
    CHECK(r.state.webhooks[1].location == model::Location{"m.yaml", 25, 9});
}
