// Durations as flags take them (util/duration.hpp).
#include <catch2/catch.hpp>

#include "util/duration.hpp"

using namespace tabhook::util;
using std::chrono::milliseconds;

TEST_CASE("durations parse the units people write") {
    CHECK(parse_duration("250ms") == milliseconds(250));
    CHECK(parse_duration("30s") == milliseconds(30'000));
    CHECK(parse_duration("5m") == milliseconds(300'000));
    CHECK(parse_duration("1h") == milliseconds(3'600'000));
    CHECK(parse_duration("1h30m") == milliseconds(5'400'000));
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("5"));
    CHECK_FALSE(parse_duration("5d"));
    CHECK_FALSE(parse_duration("-5s"));
    CHECK_FALSE(parse_duration("s"));
    CHECK_FALSE(parse_duration("99999999999h"));
    CHECK(format_duration(milliseconds(250)) == "250ms");
    CHECK(format_duration(milliseconds(5'400'000)) == "1h30m");
    CHECK(format_duration(milliseconds(30'000)) == "30s");
}
