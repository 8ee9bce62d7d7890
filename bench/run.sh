#!/usr/bin/env bash
# Runs every benchmark against a release build and writes bench/RESULTS.md: one markdown table, each
# figure a median of several runs with its spread, each ratio against a target or a baseline measured in
# the same run. Benchmarks are never part of the test suite: nothing here asserts a time. The sections under a
# `### ` heading in the RESULTS.md it replaces are kept as they are, after the new table: they hold figures
# other scripts measured (run_fleet.sh, run_adaptive.sh, ab.sh), each with when and how.
# Usage: bench/run.sh            (BUILD_DIR overrides build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD_DIR:-$root/build-bench}
bash scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTABHOOK_TESTS=ON >/dev/null  # fake-tableau lives under tests/
cmake --build "$build" -j "$(nproc)" --target tabhook fake-tableau planner_bench validate_bench fake_throughput redactor_bench >/dev/null

rows="$build/bench-rows.md"
: >"$rows"
echo "==> planner alone"
"$build/bin/planner_bench" | tee -a "$rows"

echo "==> redactor with 10,000 URLs known"
"$build/bin/redactor_bench" | tee -a "$rows"

echo "==> validate 10,000 webhooks in 100 files"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/validate_bench" --runs 7 --keep "$work/manifests" | python3 -c '
import re, sys
line = sys.stdin.read()
m = re.search(r"median ([\d.]+) s over (\d+) runs \(min ([\d.]+), max ([\d.]+)\)", line)
med, lo, hi = float(m.group(1)), float(m.group(3)), float(m.group(4))
print(f"| validate, 10,000 webhooks in 100 files (load_manifests, in-process) | {med:.2f} s | {lo:.2f}–{hi:.2f} s | < 1 s | {med:.2f}× budget |")' |
  tee -a "$rows"
export TABLEAU_SERVER_URL=https://tableau.example.com TABLEAU_PAT_NAME=n TABLEAU_PAT_SECRET=s RELAY_TOKEN=t
python3 bench/measure.py 7 -- "$build/bin/tabhook" validate "$work/manifests" >"$work/validate.json"
python3 - "$work/validate.json" <<'PY' | tee -a "$rows"
import json, sys
d = json.load(open(sys.argv[1]))
med, lo, hi, rss = d["median_ms"] / 1000, d["min_ms"] / 1000, d["max_ms"] / 1000, d["peak_rss_kib"] // 1024
print(f"| tabhook validate, 10,000 webhooks in 100 files (whole process, peak {rss} MB) | {med:.2f} s | {lo:.2f}–{hi:.2f} s | < 1 s | {med:.2f}× budget |")
PY

echo "==> fake-tableau throughput"
"$build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/port" >"$work/fake.log" 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.05; done
for _ in 1 2 3; do
  "$build/bin/fake_throughput" --url "http://127.0.0.1:$(cat "$work/port")" --clients 16 --seconds 3 | grep "requests/s"
done | python3 -c '
import re, statistics, sys
rates = [float(re.search(r"([\d.]+) requests/s", l).group(1)) for l in sys.stdin]
med = statistics.median(rates)
print(f"| fake-tableau, 16 keep-alive clients, authenticated GETs | {med:,.0f} req/s | {min(rates):,.0f}–{max(rates):,.0f} req/s | ≥ 2,000 req/s | {med / 2000:.2f}× target |")' |
  tee -a "$rows"
kill $fake 2>/dev/null || true

echo "==> plan and apply at scale"
bash bench/run_plan_apply.sh "$build" | tee -a "$rows"

echo "==> 50 sites on one token and on a token each"
bash bench/run_fleet.sh "$build" | tee -a "$rows"

echo "==> --parallel auto against a fixed 16, with and without a rate limit"
bash bench/run_adaptive.sh "$build" | tee -a "$rows"

if [ -x bench/daemon_idle.sh ]; then
  echo "==> idle daemon"
  bash bench/daemon_idle.sh "$build" | grep '^|' | tee "$build/idle-1000.md" | tee -a "$rows"
  echo "==> idle daemon, 10,000 webhooks"
  bash bench/daemon_idle.sh "$build" 5 10 2000 | grep '^|' | tee "$build/idle-10000.md" | tee -a "$rows"
  # The same budget at ten times the webhooks, and the ratio to the 1,000-webhook figure of this run.
  python3 - "$build/idle-1000.md" "$build/idle-10000.md" <<'PY' | tee -a "$rows"
import re, sys
def cpu(path):
    line = next(l for l in open(path) if "CPU per idle cycle" in l)
    return float(re.search(r"\| ([\d.]+) ms \|", line).group(1))
small, large = cpu(sys.argv[1]), cpu(sys.argv[2])
print(f"| daemon idle CPU per cycle, 10,000 vs 1,000 webhooks (same run) | {large:.2f} ms | – | < 50 ms | "
      f"{large / small:.1f}× the 1,000-webhook cycle ({small:.2f} ms) |")
PY
fi

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), release build."
  echo "Each figure is the median of several runs; the spread is the fastest and slowest run."
  echo
  echo "| benchmark | median | spread | target | ratio |"
  echo "| --- | --- | --- | --- | --- |"
  cat "$rows"
  if [ -f bench/RESULTS.md ]; then
    echo
    awk '/^### /{keep=1} keep' bench/RESULTS.md
  fi
} >"$build/RESULTS.md"
mv "$build/RESULTS.md" bench/RESULTS.md
echo "==> wrote bench/RESULTS.md"
