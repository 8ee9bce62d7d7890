#!/usr/bin/env bash
# Builds fake-tableau and its throughput benchmark in release mode, starts the fake on loopback and
# measures requests/s with N keep-alive clients (default 16) against the 2,000 req/s target.
# Usage: bench/run_fake_throughput.sh [CLIENTS] [SECONDS]    (BUILD_DIR overrides build-release)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-16}
seconds=${2:-5}
build=${BUILD_DIR:-build-release}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target fake-tableau fake_throughput

dir=$(mktemp -d)
"$build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$dir/port" >"$dir/out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
    [[ -s "$dir/port" ]] && break
    sleep 0.05
done
[[ -s "$dir/port" ]] || { echo "fake-tableau did not start" >&2; cat "$dir/out" >&2; exit 1; }
"$build/bin/fake_throughput" --url "http://127.0.0.1:$(cat "$dir/port")" --clients "$clients" --seconds "$seconds"
