#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the release build with warnings as errors,
# then the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Exits non-zero on the first failure. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc)

step() { printf '\n==> %s\n' "$*"; }

step "release build (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTABHOOK_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
step "tests (release)"
ctest --test-dir build -j "$jobs" --output-on-failure

step "ASan + UBSan build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTABHOOK_WERROR=ON -DTABHOOK_SANITIZE=ON -DTABHOOK_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
step "tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$jobs" --output-on-failure

step "all tests passed"
