#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "manifest/yaml_tree.hpp"
#include "support.hpp"

using namespace tabhook;
using namespace tabhook::manifest;
using namespace tabhook::manifest::testing;
using Strings = std::vector<std::string>;

TEST_CASE("manifest: binary garbage is refused before parsing", "[manifest][robustness]") {
    std::mt19937 rng(42);
    std::string garbage(4096, '\0');
    for (auto& c : garbage) c = static_cast<char>(rng() & 0xFF);
    const auto r = load_text(garbage);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].rule == "not-text");
    CHECK(to_string(r.errors[0]).starts_with("m.yaml:1:"));
}

TEST_CASE("manifest: a control character is reported where it is", "[manifest][robustness]") {
    CHECK(errors_of(std::string("a: 1\nb: x\0y\n", 12)) ==
          Strings{"m.yaml:2:5: not a text file: control character 0x00; manifests are UTF-8 YAML text"});
}

TEST_CASE("manifest: non-UTF-8 text is reported with its position", "[manifest][robustness]") {
    CHECK(errors_of("a: 1\nname: caf\xe9\n") ==
          Strings{"m.yaml:2:10: not valid UTF-8 (byte 0xE9); manifests are UTF-8 YAML text"});
    CHECK(errors_of("\xff\xfe"
                    "a\0:\0") == Strings{"m.yaml:1:1: not valid UTF-8 (byte 0xFF); manifests are UTF-8 YAML text"});
}

TEST_CASE("manifest: a 50 MB file is refused without being parsed", "[manifest][robustness]") {
    const std::string big(50u * 1024 * 1024, 'a');
    CHECK(errors_of(big) == Strings{"m.yaml: file is 50.0 MiB; manifest files are limited to 8 MiB"});

    const auto path = std::filesystem::temp_directory_path() / "tabhook-big-manifest.yaml";
    {
        std::ofstream out(path, std::ios::binary);
        out << big;
    }
    const auto r = load_manifests({path.string()}, options_with());
    std::filesystem::remove(path);
    CHECK(messages(r) == Strings{path.string() + ": file is 50.0 MiB; manifest files are limited to 8 MiB"});
}

TEST_CASE("manifest: deep nesting ends in an error, not a stack overflow", "[manifest][robustness]") {
    const std::string flow = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    CHECK(errors_of(flow) == Strings{"m.yaml:1:67: YAML nested more than 64 levels deep"});
    std::string block;
    for (int i = 0; i < 3000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    const auto errors = errors_of(block);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].ends_with("YAML nested more than 64 levels deep"));
}

namespace {
// The "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded.
std::string alias_bomb(const std::string& head) {
    std::string bomb = head + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const std::string p(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p +
                ",*" + p + ",*" + p + ",*" + p + "]\n";
    }
    return bomb;
}
} // namespace

TEST_CASE("manifest: an alias bomb is neither expanded nor slow", "[manifest][robustness]") {
    const auto start = std::chrono::steady_clock::now();
    // In a document that is not tabhook's: skipped without looking inside.
    const auto other = load_text(kSite + "---\n" + alias_bomb("kind: Bomb\n"));
    CHECK(messages(other) == Strings{});
    // In a tabhook document: the aliases are unknown fields, never walked.
    const auto ours = load_text(alias_bomb("apiVersion: tabhook/v1\nkind: Site\n"));
    CHECK(ours.errors.size() == 12); // a..j unknown, metadata and spec missing
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("manifest: thousands of errors are capped with a count of the rest", "[manifest][robustness]") {
    std::string text = kSite;
    for (int i = 0; i < 3000; ++i) text += "  unknown" + std::to_string(i) + ": x\n";
    const auto r = load_text(text);
    REQUIRE(r.errors.size() == kMaxErrors + 1);
    CHECK(r.errors.back().message == "too many errors; 2000 more not shown");
}

TEST_CASE("manifest: a truncated document is a syntax error with yaml-cpp's position", "[manifest][robustness]") {
    CHECK(errors_of("apiVersion: tabhook/v1\nkind: Site\nmetadata: {name: x\n") ==
          Strings{"m.yaml:4:1: YAML syntax error: end of map flow not found"});
    CHECK(errors_of("a: b: c\n") == Strings{"m.yaml:1:5: YAML syntax error: illegal map value"});
}

TEST_CASE("manifest: scalar types follow the YAML 1.2 core schema", "[manifest]") {
    const auto type_of = [](const std::string& text, const std::string& tag = "?") {
        YamlNode n;
        n.kind = YamlNode::Kind::scalar;
        n.tag = tag;
        n.value = text;
        return scalar_type(n);
    };
    CHECK(type_of("3.10") == ScalarType::floating);
    CHECK(type_of("1e5") == ScalarType::floating);
    CHECK(type_of(".inf") == ScalarType::floating);
    CHECK(type_of("-12") == ScalarType::integer);
    CHECK(type_of("0x1F") == ScalarType::integer);
    CHECK(type_of("True") == ScalarType::boolean);
    CHECK(type_of("yes") == ScalarType::string);
    CHECK(type_of("~") == ScalarType::null);
    CHECK(type_of("3.10.1") == ScalarType::string);
    CHECK(type_of("3.10", "!") == ScalarType::string);
    CHECK(type_of("3", "tag:yaml.org,2002:str") == ScalarType::string);
    CHECK(type_of("x", "!custom") == ScalarType::unsupported_tag);
}

TEST_CASE("manifest: the fuzz seed corpus loads in every mode without crashing", "[manifest][robustness]") {
    namespace fs = std::filesystem;
    const fs::path seeds = fs::path(TABHOOK_SOURCE_DIR) / "tests/fuzz/corpus/manifest";
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(seeds)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        for (const bool resolve : {false, true}) {
            LoadOptions options = options_with();
            options.resolve_references = resolve;
            const auto r = load_sources({Source{entry.path().filename().string(), text}}, options);
            for (const auto& d : r.errors) CHECK(d.location.file == entry.path().filename().string());
        }
        ++files;
    }
    CHECK(files >= 5);
}
