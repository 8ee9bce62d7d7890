#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the release build with warnings as errors, clang-tidy on src/ (any finding fails), and the whole suite;
#   2. a 200-cycle soak of the daemon under random faults: memory flat, descriptors steady;
#   3. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer;
#   4. the concurrency tests (parallel apply, the shared session, the daemon's sites on threads sharing the
#      session pool, the re-enable ledger and the metrics) under ThreadSanitizer;
#   5. each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60) from its committed corpus.
# Exits non-zero on the first failure. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc)
start=$SECONDS
step() { printf '\n==> [%dm%02ds] %s\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) "$*"; }

step "release build (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTABHOOK_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
step "clang-tidy (the repository's .clang-tidy; warnings are errors)"
bash scripts/tidy.sh build
step "tests (release)"
ctest --test-dir build -j "$jobs" --output-on-failure

step "soak: 200 daemon cycles in enforce mode under random faults (release)"
bash tests/soak/daemon_soak.sh build 200

step "ASan + UBSan build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTABHOOK_WERROR=ON -DTABHOOK_SANITIZE=ON -DTABHOOK_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
step "tests (ASan + UBSan)"
# Without the assumption matrix (-LE matrix): its runs are the e2e scenarios again under other server
# profiles, so they exercise no code path the sanitized e2e and unit runs miss (the profile changes what the
# fake answers, decoded by code the unit tests cover under ASan too), and they would add ~120 sanitized
# scenario runs to the CI budget. The release suite above runs them.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$jobs" --output-on-failure -LE matrix

step "ThreadSanitizer build (parallel apply under the adaptive limit, the shared session, session groups, the daemon's site threads)"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTABHOOK_WERROR=ON -DTABHOOK_TSAN=ON -DTABHOOK_BENCH=OFF >/dev/null
cmake --build build-tsan -j "$jobs" --target unit_apply unit_tableau unit_reconcile unit_daemon tabhook fake-tableau
step "tests (ThreadSanitizer)"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan -j "$jobs" --output-on-failure \
  -R '^(unit\.apply|unit\.tableau|unit\.reconcile|unit\.daemon|e2e\.apply_is_idempotent|e2e\.apply_interrupted|e2e\.fault_session_taken|e2e\.fleet_shared_token|e2e\.apply_rate_limited_auto)'

step "fuzzing (${FUZZ_SECONDS:-60}s per target)"
bash tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"

step "all tests passed"
