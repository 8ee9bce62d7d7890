#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "manifest/reference.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;

namespace {

std::string error_of(std::string_view text) {
    const auto t = parse_template(text);
    return t ? std::string("(no error)") : t.error().message;
}

ResolveContext context(std::map<std::string, std::string> env, std::string base = ".",
                       std::optional<std::string> credentials = std::nullopt) {
    ResolveContext c;
    c.env = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    c.base_directory = std::move(base);
    c.credentials_directory = std::move(credentials);
    return c;
}

std::string resolved(std::string_view text, const ResolveContext& c) {
    const auto t = parse_template(text);
    if (!t) return "syntax: " + t.error().message;
    const auto r = resolve(*t, c);
    return r ? *r : "error: " + r.error().message;
}

// A fresh directory under the build's temp area, removed by the destructor.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("tabhook-ref-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                std::to_string(std::rand()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

} // namespace

TEST_CASE("references: whole and embedded references are split from literal text", "[manifest]") {
    const auto t = parse_template("https://relay.example.com/${env:TOKEN}/x");
    REQUIRE(t);
    CHECK(t->has_references());
    CHECK(t->literal_prefix() == "https://relay.example.com/");
    CHECK(t->unresolved() == "https://relay.example.com/${env:TOKEN}/x");
    CHECK(resolved("https://relay.example.com/${env:TOKEN}/x", context({{"TOKEN", "abc"}})) ==
          "https://relay.example.com/abc/x");
    CHECK(resolved("${env:A}${env:B}", context({{"A", "1"}, {"B", "2"}})) == "12");
}

TEST_CASE("references: $${ is a literal ${", "[manifest]") {
    const auto t = parse_template("a$${env:X}b");
    REQUIRE(t);
    CHECK_FALSE(t->has_references());
    CHECK(resolved("a$${env:X}b", context({})) == "a${env:X}b");
    CHECK(resolved("$$${env:X}", context({})) == "$${env:X}");
    CHECK(resolved("cost: $5", context({})) == "cost: $5");
}

TEST_CASE("references: syntax errors name the problem, not the text", "[manifest]") {
    CHECK(error_of("https://x/${env:TOKEN") == "unterminated reference: '${' without a closing '}'");
    CHECK(error_of("${TOKEN}") == "reference has no source; write ${env:NAME}, ${file:PATH} or ${credential:NAME}");
    CHECK(error_of("${vault:secret/x}") == "unknown reference source 'vault'; use env, file or credential");
    CHECK(error_of("${env:}") == "${env:} needs a variable name");
    CHECK(error_of("${env:MY-VAR}") ==
          "invalid environment variable name 'MY-VAR' in ${env:...}; use letters, digits and _");
    CHECK(error_of("${file:}") == "${file:} needs a path");
    CHECK(error_of("${credential:../x}") ==
          "invalid credential name in ${credential:...}; use a file name in $CREDENTIALS_DIRECTORY (letters, digits, "
          "'_', '-', '.', '@')");
}

TEST_CASE("references: an unset or empty environment variable fails closed", "[manifest]") {
    CHECK(resolved("${env:MISSING}", context({})) ==
          "error: cannot resolve ${env:MISSING}: environment variable MISSING is not set");
    CHECK(resolved("${env:EMPTY}", context({{"EMPTY", ""}})) ==
          "error: cannot resolve ${env:EMPTY}: environment variable EMPTY is set but empty");
    CHECK(resolved("${env:NL}", context({{"NL", "a\nb"}})) ==
          "error: cannot use ${env:NL}: its value holds a line break or another control character");
}

TEST_CASE("references: ${file:} reads relative to the manifest and trims the trailing newline", "[manifest]") {
    TempDir dir;
    dir.write("token.txt", "s3cret\n");
    dir.write("empty.txt", "\n");
    const auto c = context({}, dir.path.string());
    CHECK(resolved("${file:token.txt}", c) == "s3cret");
    CHECK(resolved("${file:" + (dir.path / "token.txt").string() + "}", context({})) == "s3cret");
    CHECK(resolved("${file:missing.txt}", c) == "error: cannot resolve ${file:missing.txt}: " +
                                                    (dir.path / "missing.txt").generic_string() + " does not exist");
    CHECK(resolved("${file:empty.txt}", c) ==
          "error: cannot resolve ${file:empty.txt}: " + (dir.path / "empty.txt").generic_string() + " is empty");
}

TEST_CASE("references: ${credential:} reads systemd's credentials directory", "[manifest]") {
    TempDir dir;
    dir.write("pat", "from-systemd\n");
    CHECK(resolved("${credential:pat}", context({}, ".", dir.path.string())) == "from-systemd");
    CHECK(resolved("${credential:other}", context({}, ".", dir.path.string())) ==
          "error: cannot resolve ${credential:other}: credential other does not exist");
    CHECK(resolved("${credential:pat}", context({})) ==
          "error: cannot resolve ${credential:pat}: $CREDENTIALS_DIRECTORY is not set (systemd sets it for units "
          "with LoadCredential=)");
}

TEST_CASE("manifest: the credentials directory comes from the environment unless given", "[manifest]") {
    TempDir dir;
    dir.write("pat", "from-systemd");
    auto env = default_env();
    env["CREDENTIALS_DIRECTORY"] = dir.path.string();
    std::string site = kSite;
    site.replace(site.find("${env:TABLEAU_PAT_SECRET}"), 25, "${credential:pat}");
    const auto r = load_text(site, options_with(env));
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.sites.at(0).auth.secret == "from-systemd");
}

TEST_CASE("manifest: an unresolved reference is a located error", "[manifest]") {
    CHECK(errors_of(kSite, options_with({{"TABLEAU_PAT_NAME", "n"}, {"TABLEAU_PAT_SECRET", "s"}})) ==
          Strings{"m.yaml:6:11: server: cannot resolve ${env:TABLEAU_SERVER_URL}: environment variable "
                  "TABLEAU_SERVER_URL is not set"});
}

TEST_CASE("manifest: --offline checks reference syntax only and keeps references as written", "[manifest]") {
    LoadOptions offline = options_with({});
    offline.resolve_references = false;
    const auto r =
        load_text(with_webhook("  event: DatasourceRefreshFailed\n  url: https://r.example.com/${env:X}\n"), offline);
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.sites.at(0).server == "${env:TABLEAU_SERVER_URL}");
    CHECK(r.state.webhooks.at(0).url == "https://r.example.com/${env:X}");
    CHECK(errors_of(with_webhook("  event: DatasourceRefreshFailed\n  url: https://r.example.com/${env:X\n"),
                    offline) == Strings{"m.yaml:20:8: url: unterminated reference: '${' without a closing '}'"});
}

TEST_CASE("manifest: references anywhere but server, auth and url are errors", "[manifest]") {
    CHECK(errors_of(with_webhook("  event: ${env:EVENT}\n  url: https://h.example.com/\n")) ==
          Strings{"m.yaml:19:10: references are not allowed in event; only server, auth values and url take them "
                  "(write $${ for a literal ${)"});
    const auto r =
        load_text(with_webhook("  event: DatasourceRefreshFailed\n  url: https://h.example.com/\n", "\"cost-$${x}\""));
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.webhooks.at(0).name == "cost-${x}");
}

TEST_CASE("manifest: a literal PAT secret or password is an error unless allowed", "[manifest]") {
    std::string site = kSite;
    site.replace(site.find("${env:TABLEAU_PAT_SECRET}"), 25, "written-here");
    CHECK(errors_of(site) ==
          Strings{"m.yaml:11:15: auth.personalAccessToken.secret is written literally; use a reference such as "
                  "${env:NAME} or ${credential:NAME}, or pass --allow-literal-secrets"});
    LoadOptions allow = options_with();
    allow.allow_literal_secrets = true;
    const auto r = load_text(site, allow);
    REQUIRE(messages(r) == Strings{});
    CHECK(r.state.sites.at(0).auth.secret == "written-here");
}
