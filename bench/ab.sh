#!/usr/bin/env bash
# Compares two builds on the CPU-bound benchmarks, running them alternately so that both see the same load
# (a machine shared with other work makes absolute figures move; the ratio between two builds measured
# side by side does not). Prints markdown rows: | benchmark | new median | new spread | base median | ratio |.
#   - the planner alone (planner_bench's own in-process median);
#   - tabhook validate of 10,000 webhooks in 100 files (the process's CPU time);
#   - tabhook plan of 10,000 declared vs 10,000 live, both builds against one fake-tableau (the new one's);
#     tabhook's CPU time, which the fake's share of the machine does not move.
# Usage: bench/ab.sh BASE_BUILD NEW_BUILD [RUNS]   (builds made by bench/run.sh's cmake line, Release)
set -euo pipefail
base=$(cd "${1:?usage: ab.sh BASE_BUILD NEW_BUILD [RUNS]}" && pwd)
new=$(cd "${2:?usage: ab.sh BASE_BUILD NEW_BUILD [RUNS]}" && pwd)
runs=${3:-7}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

row() {  # row NAME UNIT JSON
  python3 - "$@" <<'PY'
import json, sys
name, unit, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
n, b = d["new"], d["base"]
print(f"| {name} | {n['median']:.2f} {unit} | {n['min']:.2f}–{n['max']:.2f} {unit} | "
      f"{b['median']:.2f} {unit} ({b['min']:.2f}–{b['max']:.2f}) | {d['ratio']:.2f}× base |")
PY
}

echo "| benchmark | new | spread | base (same run) | ratio |"
echo "| --- | --- | --- | --- | --- |"
row "planner, 10,000 declared vs 10,000 live" ms "$(python3 "$here/ab.py" "$runs" --parse '\| ([\d.]+) ms \|' -- \
  "$base/bin/planner_bench" --vs "$new/bin/planner_bench")"

"$new/bin/validate_bench" --runs 1 --keep "$work/manifests" >/dev/null
export TABLEAU_SERVER_URL=https://tableau.example.com TABLEAU_PAT_NAME=n TABLEAU_PAT_SECRET=s RELAY_TOKEN=t
row "tabhook validate, 10,000 webhooks in 100 files (CPU time)" ms "$(python3 "$here/ab.py" "$runs" --cpu -- \
  "$base/bin/tabhook" validate "$work/manifests" --vs "$new/bin/tabhook" validate "$work/manifests")"

# One fake-tableau (the new build's) serves both sides, so that only tabhook differs between them.
python3 "$here/gen_plan10k.py" "$work"
"$new/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/port" --seed "$work/seed10k.json" >"$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
cat >"$work/m10k/site.yaml" <<YAML
apiVersion: tabhook/v1
kind: Site
metadata: {name: bench}
spec:
  server: http://127.0.0.1:$(cat "$work/port")
  contentUrl: marketing
  auth: {personalAccessToken: {name: tabhook-ci, secret: tabhook-ci-secret}}
YAML
row "tabhook plan, 10,000 declared vs 10,000 live (tabhook's CPU time)" ms "$(python3 "$here/ab.py" "$runs" --cpu -- \
  "$base/bin/tabhook" plan "$work/m10k" --allow-literal-secrets --vs "$new/bin/tabhook" plan "$work/m10k" --allow-literal-secrets)"
