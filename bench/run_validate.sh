#!/usr/bin/env bash
# Validating 10,000 webhooks in 100 files: the target is under one second in a release build.
# Builds build-bench (Release), times manifest::load_manifests in-process (validate_bench), then the
# `tabhook validate` binary end to end on the same files. Prints figures; asserts nothing.
# Usage: bench/run_validate.sh [RUNS]
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target validate_bench >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/validate_bench" --runs "$runs" --keep "$work/manifests"

# The binary, end to end (process start, directory walk, output), if it builds.
if cmake --build "$build" -j "$(nproc)" --target tabhook >/dev/null 2>&1; then
    export TABLEAU_SERVER_URL=https://tableau.example.com TABLEAU_PAT_NAME=n TABLEAU_PAT_SECRET=s RELAY_TOKEN=t
    times=()
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$build/bin/tabhook" validate "$work/manifests" > /dev/null
        times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    printf 'tabhook validate: 10000 webhooks in 100 files: median %d ms over %d runs (%s ms); target 1000 ms: %s of budget\n' \
        "$median" "$runs" "$(printf '%s ' "${times[@]}" | sed 's/ $//')" "$(awk "BEGIN{printf \"%.2fx\", $median/1000}")"
else
    echo "tabhook did not build in $build; in-process figure only"
fi
