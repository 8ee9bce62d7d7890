#!/usr/bin/env bash
# The matrix registration in tests/e2e/CMakeLists.txt names every row of fake-tableau's server profile and
# every value but its default, and nothing else: a row added to profile.cpp without its matrix runs fails
# here. MATRIX_VALUES (set by CTest) is the registered list, "row=value ...".

source "$(dirname "$0")/lib/tabhook.bash"

[[ -n "${MATRIX_VALUES:-}" ]] || fail "MATRIX_VALUES is not set (run through ctest)"
expected=$("$FAKE_TABLEAU" --help 2>&1 | sed -n 's/^  --\([a-z-]*\) \([^ ]*\)$/\1 \2/p' |
  while read -r row values; do
    IFS='|' read -r -a vs <<<"$values"
    for v in "${vs[@]:1}"; do echo "$row=$v"; done
  done | sort)
[[ $(wc -l <<<"$expected") -ge 15 ]] || fail "fake-tableau --help lists fewer profile values than expected: $expected"
registered=$(tr ' ' '\n' <<<"$MATRIX_VALUES" | sed '/^$/d' | sort)
assert_eq "$registered" "$expected" "matrix values registered in tests/e2e/CMakeLists.txt"
