#include <catch2/catch.hpp>

#include <string>

#include "util/colour.hpp"
#include "util/escape.hpp"

using namespace tabhook::util;

TEST_CASE("escape: terminal text shows every control character instead of obeying it", "[util][escape]") {
    CHECK(for_terminal("gitops-a") == "gitops-a");
    CHECK(for_terminal("a\nPlan: 0 to create") == "a\\nPlan: 0 to create");
    CHECK(for_terminal("\x1b[2K\x1b[1A") == "\\x1b[2K\\x1b[1A");
    CHECK(for_terminal("tab\there\r") == "tab\\there\\r");
    CHECK(for_terminal(std::string("nul\0x", 5)) == "nul\\x00x");
    CHECK(for_terminal("del\x7f") == "del\\x7f");
    CHECK(for_terminal("back\\slash") == "back\\\\slash"); // doubled, so "\n" typed by someone stays distinct
    // C1 controls: U+009B (the 8-bit CSI) in UTF-8, and the lone byte 0x9B that some terminals obey.
    CHECK(for_terminal("a\xc2\x9b"
                       "2J") == "a\\u009b2J");
    CHECK(for_terminal("a\x9b"
                       "2J") == "a\\x9b2J");
    CHECK(for_terminal("bad\xff\xfe") == "bad\\xff\\xfe");
    // Bidirectional overrides and isolates, and the Unicode line separators.
    CHECK(for_terminal("abc\xe2\x80\xae"
                       "fdp.exe") == "abc\\u202efdp.exe");
    CHECK(for_terminal("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
    CHECK(for_terminal("a\xe2\x80\xa8"
                       "b") == "a\\u2028b");
    // Printable UTF-8 is kept as it is.
    CHECK(for_terminal("https://relay.example.com/…#1a5d1803 → é 日本") ==
          "https://relay.example.com/…#1a5d1803 → é 日本");
}

TEST_CASE("escape: markdown text cannot become markup or HTML", "[util][escape]") {
    CHECK(markdown_inline("gitops-a") == "gitops-a");
    CHECK(markdown_inline("</details>") == "&lt;/details&gt;");
    CHECK(markdown_inline("a | b") == "a \\| b");
    CHECK(markdown_inline("**bold** _em_ `code` [x](y) ~~s~~ $x$ &amp;") ==
          "\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\[x\\](y) \\~\\~s\\~\\~ \\$x\\$ &amp;amp;");
    CHECK(markdown_inline("a\n\n```\nsafe to merge") == "a\\\\n\\\\n\\`\\`\\`\\\\nsafe to merge");
    CHECK(markdown_inline("trailing\\") == "trailing\\\\\\\\"); // shown as `trailing\\`, never escaping a `|`
    CHECK(markdown_inline("\x1b[31m") == "\\\\x1b\\[31m");
}

TEST_CASE("escape: markdown text from a server pings nobody and links nowhere on GitHub", "[util][escape]") {
    const std::string zw = "&#8203;";
    CHECK(markdown_inline("ping @security-team") == "ping @" + zw + "security-team");
    CHECK(markdown_inline("mail ops@example.com") == "mail ops@" + zw + "example.com");
    CHECK(markdown_inline("see #12 and org/repo#3") == "see #" + zw + "12 and org/repo#" + zw + "3");
    CHECK(markdown_inline("https://evil.example/x") == "https:" + zw + "//evil.example/x");
    CHECK(markdown_inline("go to www.evil.example or WWW.evil.example") ==
          "go to www" + zw + ".evil.example or WWW" + zw + ".evil.example");
    // Only where a link or a mention could form: a `#` before a word, `:` without `//`, `www` inside a word.
    CHECK(markdown_inline("#tag a: b awww.x") == "#tag a: b awww.x");
    // What a reader sees is unchanged: the break is invisible.
    std::string shown = markdown_inline("@team https://x www.y #1");
    for (auto at = shown.find(zw); at != std::string::npos; at = shown.find(zw)) shown.erase(at, zw.size());
    CHECK(shown == "@team https://x www.y #1");
}

TEST_CASE("escape: a markdown code span is delimited by more backticks than it holds", "[util][escape]") {
    CHECK(markdown_code("marketing") == "`marketing`");
    CHECK(markdown_code("a`b") == "``a`b``");
    CHECK(markdown_code("``x") == "``` ``x ```");
    CHECK(markdown_code("a|b\nc") == "`a\\|b\\nc`");
}

TEST_CASE("escape: a code fence is longer than any run of backticks in its content", "[util][escape]") {
    CHECK(markdown_fence("+ create a\n") == "```");
    CHECK(markdown_fence("x ``` y") == "````");
    CHECK(markdown_fence("`````") == "``````");
}

TEST_CASE("escape: html text and attributes", "[util][escape]") {
    CHECK(html_escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
}

TEST_CASE("colours: SGR code and reset when on, the text itself when off", "[util]") {
    const Colours on{true};
    const Colours off{false};
    CHECK(on.bold("x") == "\033[1mx\033[0m");
    CHECK(on.red("x") == "\033[31mx\033[0m");
    CHECK(on.green("x") == "\033[32mx\033[0m");
    CHECK(on.yellow("x y") == "\033[33mx y\033[0m");
    CHECK(on.magenta("") == "\033[35m\033[0m");
    CHECK(off.red("x") == "x");
    CHECK(off.bold("x y") == "x y");
}
