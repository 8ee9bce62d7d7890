#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "util/strings.hpp"

using namespace tabhook::util;

TEST_CASE("strings: edit distance counts insertions, deletions, substitutions and adjacent swaps", "[util]") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("same", "same") == 0);
    CHECK(edit_distance("Event", "event") == 0);
    CHECK(edit_distance("mtk", "mkt") == 1);
    CHECK(edit_distance("sevrer", "server") == 1);
    CHECK(edit_distance("ca", "abc") == 3); // optimal string alignment: a swapped pair is not edited again
}

TEST_CASE("strings: closest_match suggests only near candidates", "[util]") {
    const std::vector<std::string> fields{"server", "contentUrl", "restApiVersion", "auth"};
    CHECK(closest_match("contentURL", fields) == std::optional<std::string>("contentUrl"));
    CHECK(closest_match("sever", fields) == std::optional<std::string>("server"));
    CHECK(closest_match("uath", fields) == std::optional<std::string>("auth"));
    CHECK_FALSE(closest_match("completely-different", fields).has_value());
}

TEST_CASE("strings: split keeps empty fields", "[util]") {
    CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
    CHECK(split("", ',') == std::vector<std::string>{""});
}

TEST_CASE("strings: utf-8 validation rejects malformed sequences", "[util]") {
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("caf\xc3\xa9"));
    CHECK_FALSE(is_valid_utf8("\xc3"));         // truncated
    CHECK_FALSE(is_valid_utf8("\xff\xfe"));     // never valid
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));     // overlong
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80")); // surrogate
}

TEST_CASE("strings: utf-8 sequence lengths", "[util]") {
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\xc3\xa9", 0) == 2);
    CHECK(utf8_sequence_length("\xe2\x80\xa6", 0) == 3);
    CHECK(utf8_sequence_length("\xf0\x9f\x98\x80", 0) == 4);
    CHECK(utf8_sequence_length("\xe2\x80", 0) == 0); // truncated
    CHECK(utf8_sequence_length("\x80", 0) == 0);     // a continuation byte first
}

TEST_CASE("strings: percent-encoding keeps only unreserved characters", "[util]") {
    CHECK(percent_encode("abc-_.~09") == "abc-_.~09");
    CHECK(percent_encode("a/b?c=d e") == "a%2Fb%3Fc%3Dd%20e");
    CHECK(percent_encode("\xc3\xa9") == "%C3%A9");
}

TEST_CASE("strings: sanitize_utf8 replaces each maximal ill-formed subpart with one U+FFFD", "[util]") {
    const std::string r = "\xef\xbf\xbd";
    // Valid input, multibyte included, comes back byte for byte.
    CHECK(sanitize_utf8("plain") == "plain");
    CHECK(sanitize_utf8("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf") ==
          "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
    CHECK(sanitize_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(sanitize_utf8("") == "");
    // Bytes that never start a sequence: one each.
    CHECK(sanitize_utf8("bad\xff\xfe") == "bad" + r + r);
    CHECK(sanitize_utf8("\x80\xbf") == r + r);
    // Overlong forms: C0/C1 never start one; E0 80 and F0 80 stop at the first impossible byte.
    CHECK(sanitize_utf8("\xc0\xaf") == r + r);
    CHECK(sanitize_utf8("\xe0\x80\xaf") == r + r + r);
    CHECK(sanitize_utf8("\xf0\x80\x80\xaf") == r + r + r + r);
    // Surrogates, as CESU-8 writes them (what &#xD800; decodes to): ED A0 is not a prefix of anything.
    CHECK(sanitize_utf8("x\xed\xa0\x80") == "x" + r + r + r);
    CHECK(sanitize_utf8("\xed\xb0\x80y") == r + r + r + "y");
    // Beyond U+10FFFF: F4 90 is impossible, F5 never starts one.
    CHECK(sanitize_utf8("\xf4\x90\x80\x80") == r + r + r + r);
    CHECK(sanitize_utf8("\xf5\x80") == r + r);
    // Truncated: the valid prefix is one U+FFFD, and the byte that broke it is read again.
    CHECK(sanitize_utf8("\xe2\x80") == r);
    CHECK(sanitize_utf8("\xe2\x80z") == r + "z");
    CHECK(sanitize_utf8("\xf0\x9f\x98") == r);
    CHECK(sanitize_utf8("\xf0\x9f\xc3\xa9") == r + "\xc3\xa9");
    CHECK(sanitize_utf8("\xc3") == r);
    // Whatever comes in, what comes out is valid.
    for (int b = 0; b < 256; ++b) {
        for (int c = 0; c < 256; c += 17) {
            const std::string in{static_cast<char>(b), static_cast<char>(c), '\xbf'};
            CHECK(is_valid_utf8(sanitize_utf8(in)));
        }
    }
}
