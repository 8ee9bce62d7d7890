#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "report/env_file.hpp"

using namespace tabhook;

namespace {

// How systemd reads an EnvironmentFile= (parse_env_file_internal in src/basic/env-file.c, as in
// systemd 252, Debian 12's), written out here so the quoting can be checked without a running systemd. Not a shell:
// quotes open only where a value starts or right after a closing quote; a backslash outside quotes takes the next
// character literally and leaves the quoting state; inside double quotes a backslash escapes only " \ ` $ (and a
// newline), and is kept before anything else.
std::map<std::string, std::string> systemd_env_file(const std::string& text) {
    enum { pre_key, key, pre_value, value, value_escape, single_quote, double_quote, double_quote_escape, comment };
    std::map<std::string, std::string> out;
    auto state = pre_key;
    std::string k, v;
    std::size_t trailing_whitespace = std::string::npos; // where unquoted trailing whitespace starts
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    const auto push = [&] {
        if (state == value && trailing_whitespace != std::string::npos) v.resize(trailing_whitespace);
        while (!k.empty() && is_space(k.back())) k.pop_back();
        out[k] = v;
        k.clear();
        v.clear();
    };
    for (char c : text) {
        switch (state) {
        case pre_key:
            if (c == '#' || c == ';')
                state = comment;
            else if (!is_space(c) && c != '\n') {
                state = key;
                k += c;
            }
            break;
        case key:
            if (c == '\n') {
                state = pre_key;
                k.clear();
            } else if (c == '=') {
                state = pre_value;
                trailing_whitespace = std::string::npos;
            } else {
                k += c;
            }
            break;
        case pre_value:
            if (c == '\n') {
                push();
                state = pre_key;
            } else if (c == '\'') {
                state = single_quote;
            } else if (c == '"') {
                state = double_quote;
            } else if (c == '\\') {
                state = value_escape;
            } else if (!is_space(c)) {
                state = value;
                v += c;
            }
            break;
        case value:
            if (c == '\n') {
                push();
                state = pre_key;
            } else if (c == '\\') {
                state = value_escape;
                trailing_whitespace = std::string::npos;
            } else {
                if (!is_space(c))
                    trailing_whitespace = std::string::npos;
                else if (trailing_whitespace == std::string::npos)
                    trailing_whitespace = v.size();
                v += c;
            }
            break;
        case value_escape:
            state = value;
            if (c != '\n') v += c;
            break;
        case single_quote:
            if (c == '\'')
                state = pre_value;
            else
                v += c;
            break;
        case double_quote:
            if (c == '"')
                state = pre_value;
            else if (c == '\\')
                state = double_quote_escape;
            else
                v += c;
            break;
        case double_quote_escape:
            state = double_quote;
            if (c == '"' || c == '\\' || c == '`' || c == '$') {
                v += c;
            } else if (c != '\n') {
                v += '\\';
                v += c;
            }
            break;
        case comment:
            if (c == '\n') state = pre_key;
            break;
        }
    }
    if (state != pre_key && state != key && state != comment) push();
    return out;
}

const std::vector<std::string> kHostile{
    "https://x.example.com/$(touch${IFS}/tmp/pwned)",
    "https://x.example.com/`touch /tmp/pwned`",
    "https://x.example.com/$HOME/${PATH}/$$",
    "https://x.example.com/it's?q='a'\\''b'",
    "https://x.example.com/\"double\"/'single'",
    "https://x.example.com/back\\slash\\\\/\\$(x)/\\'",
    "https://x.example.com/a b  ",
    "  https://x.example.com/leading-space",
    "https://x.example.com/#not-a-comment;nor-this",
    "https://x.example.com/'",
    "'",
    "",
    "https://x.example.com/ünïcode/€",
};

} // namespace

TEST_CASE("env file: a value without a single quote is single-quoted, everything inside literal", "[report][env]") {
    CHECK(report::env_file_line("TABHOOK_URL_A", "https://x.example.com/$(touch${IFS}/tmp/pwned)") ==
          "TABHOOK_URL_A='https://x.example.com/$(touch${IFS}/tmp/pwned)'");
}

TEST_CASE("env file: a value with a single quote is double-quoted with \\ \" $ and ` escaped", "[report][env]") {
    CHECK(report::env_file_line("A", "https://x.example.com/it's/$x/`y`/\"z\"/\\") ==
          R"(A="https://x.example.com/it's/\$x/\`y\`/\"z\"/\\")");
}

TEST_CASE("env file: systemd's EnvironmentFile= reads every hostile value back byte for byte", "[report][env]") {
    std::string file;
    for (std::size_t i = 0; i < kHostile.size(); ++i)
        file += report::env_file_line("V" + std::to_string(i), kHostile[i]) + "\n";
    const auto parsed = systemd_env_file(file);
    for (std::size_t i = 0; i < kHostile.size(); ++i) {
        INFO("value: " << kHostile[i]);
        REQUIRE(parsed.count("V" + std::to_string(i)) == 1);
        CHECK(parsed.at("V" + std::to_string(i)) == kHostile[i]);
    }
}

TEST_CASE("env file: the shell idiom '\\'' would not survive systemd", "[report][env]") {
    // Why a value with a single quote is double-quoted: systemd (checked against systemd 252's
    // environment.d generator, which shares the parser) reads the shell idiom otherwise.
    CHECK(systemd_env_file("A='it'\\''s'\n").at("A") == "it''s'");
    CHECK(systemd_env_file(report::env_file_line("A", "it's") + "\n").at("A") == "it's");
}
