#include <catch2/catch.hpp>

#include "util/version.hpp"

using namespace tabhook::util;

TEST_CASE("version: minor versions compare numerically", "[util]") {
    CHECK(api_version_at_least("3.10", "3.9"));
    CHECK(api_version_at_least("3.8", "3.8"));
    CHECK_FALSE(api_version_at_least("3.7", "3.8"));
    CHECK(api_version_at_least("4.0", "3.24"));
    CHECK_FALSE(api_version_at_least("3.x", "3.6"));
    CHECK_FALSE(parse_api_version("3.").has_value());
    CHECK_FALSE(parse_api_version(".3").has_value());
    CHECK_FALSE(parse_api_version("3.1.2").has_value());
}
