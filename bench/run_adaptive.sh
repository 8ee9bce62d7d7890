#!/usr/bin/env bash
# `--parallel auto` against fixed `--parallel 16` (issue 14): apply of 400 creates + 400 receiver tests at
# 20 ms injected latency, each figure the median of 3 runs, as markdown table rows:
#   (a) no rate limit: auto and 16, against the lower bound for 16 (800 / 16 x 20 ms + serverinfo,
#       sign-in, list and sign-out, sequential); budget: auto within 1.3x of that bound;
#   (b) fake-tableau --rate-limit 50 (per site, burst 50, 429 + Retry-After): auto and 16, against the bound
#       800 / 50 = 16 s, with the 429s the server answered (/_fake/requests rate_limited, median of the
#       runs); budget: auto within 1.25x of 16 s, faster than 16 and with fewer 429s.
# Nothing here asserts: the rows say how far each figure is from its bound.
# Usage: bench/run_adaptive.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: run_adaptive.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
runs=${RUNS:-3}

# measure NAME PORT PARALLEL: measure.py's JSON for `apply --parallel PARALLEL`, each run from the seed,
# with the 429s of each run.
measure() {
  local url="http://127.0.0.1:$2"
  python3 "$here/measure.py" "$runs" \
    --setup "curl -sf -X POST -d '' $url/_fake/reset && curl -sf -X DELETE $url/_fake/requests" \
    --after "curl -sf $url/_fake/requests | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"rate_limited\"])'" \
    -- "$tabhook" apply "$work/m-$1" --allow-literal-secrets --parallel "$3"
}

# adaptive_row LABEL JSON BOUND_MS BOUND_NOTE: a row with the 429s in the name.
adaptive_row() {
  python3 - "$@" <<'PY'
import json, sys
label, data, bound, note = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
m = data["median_ms"]
limited = ", ".join(str(int(x)) for x in data["after"])
print(f"| {label} (429s: {int(data['after_median'])}; runs {limited}) | {m / 1000:.2f} s | "
      f"{data['min_ms'] / 1000:.2f}–{data['max_ms'] / 1000:.2f} s | {note} | {m / bound:.2f}× bound |")
PY
}

# --- (a) no rate limit ------------------------------------------------------------------------------
start_fake free --latency 20 --threads 64
webhook_manifests "$work/m-free" "$PORT_free" 400
bound16=$(( (800 + 15) / 16 * 20 + 4 * 20 ))
for p in auto 16; do
  r=$(measure free "$PORT_free" "$p")
  adaptive_row "apply 400 creates + 400 tests at 20 ms, no rate limit, --parallel $p" "$r" "$bound16" \
    "auto ≤ 1.3× bound for 16 ($(python3 -c "print(f'{$bound16/1000:.2f} s')"))"
done

# --- (b) --rate-limit 50 ----------------------------------------------------------------------------
start_fake limited --latency 20 --threads 64 --rate-limit 50
webhook_manifests "$work/m-limited" "$PORT_limited" 400
for p in auto 16; do
  r=$(measure limited "$PORT_limited" "$p")
  adaptive_row "apply 400 creates + 400 tests at 20 ms, --rate-limit 50, --parallel $p" "$r" 16000 \
    "auto ≤ 1.25× bound 800/50 = 16 s, < fixed 16, fewer 429s"
done
