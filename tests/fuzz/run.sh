#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz and runs each for SECONDS (default 60).
# Seeds: tests/fuzz/corpus/<name>/ (fuzz_<name>) plus the manifest corpus; new inputs go to build-fuzz/corpus/,
# crashes to build-fuzz/artifacts/. Exits non-zero when a fuzzer finds a crash, leak or timeout.
# Usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"

cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_manifest fuzz_response_json fuzz_response_xml fuzz_render

run() { # target, then extra seed directories
    local target=$1 seeds="$root/tests/fuzz/corpus/${1#fuzz_}" dict=""; shift
    [ -f "$root/tests/fuzz/$target.dict" ] && dict="$root/tests/fuzz/$target.dict"
    mkdir -p "$build/corpus/$target" "$build/artifacts"
    echo "==> $target for ${seconds}s"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        ${dict:+-dict="$dict"} "$build/corpus/$target" "$seeds" "$@"
}

run fuzz_manifest "$root/tests/manifests/valid" "$root/tests/manifests/invalid"
run fuzz_response_json
run fuzz_response_xml
run fuzz_render "$root/tests/fuzz/corpus/response_json" "$root/tests/fuzz/corpus/response_xml"
echo "==> fuzzing found nothing in ${seconds}s per target"
