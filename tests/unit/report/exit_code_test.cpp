#include <catch2/catch.hpp>

#include "report/exit_code.hpp"

using namespace tabhook::report;

// product.md: "When several codes apply, the first of 1, 3, 4, 2 wins"; an interrupt wins over all.
TEST_CASE("exit codes: the first of 1 3 4 2 wins and an interrupt wins over all", "[report]") {
    CHECK(exit_code({}) == 0);
    CHECK(exit_code({.changes = true}) == 2);
    CHECK(exit_code({.test_failed = true, .changes = true}) == 4);
    CHECK(exit_code({.refused = true, .test_failed = true, .changes = true}) == 3);
    CHECK(exit_code({.error = true, .refused = true, .test_failed = true, .changes = true}) == 1);
    CHECK(exit_code({.error = true, .changes = true}) == 1);
    CHECK(exit_code({.refused = true, .changes = true}) == 3);
    CHECK(exit_code({.interrupted = true, .error = true}) == 130);
    CHECK(combine_exit_codes(kChanges, kTestFailed) == kTestFailed);
    CHECK(combine_exit_codes(kRefused, kError) == kError);
    CHECK(combine_exit_codes(kOk, kUsage) == kUsage);
    CHECK(combine_exit_codes(kOk, kOk) == kOk);
}
