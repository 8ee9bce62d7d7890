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
