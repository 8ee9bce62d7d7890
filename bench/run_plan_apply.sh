#!/usr/bin/env bash
# Whole-command benchmarks against fake-tableau on loopback, each a median of several runs with its
# spread, as markdown table rows (| benchmark | median | spread | target | ratio |):
#   - plan of 10,000 declared webhooks against a site holding the same 10,000 (target < 2 s, < 100 MB),
#     with the same-run baseline of listing those 10,000 webhooks with curl;
#   - apply of 400 creates + 400 receiver tests at 20 ms injected latency with --parallel 1, 8 and 16,
#     against the lower bound 800 / P x 20 ms (+ serverinfo, sign-in, list and sign-out, sequential).
# Usage: bench/run_plan_apply.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: run_plan_apply.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

# --- plan of 10,000 ---------------------------------------------------------------------------------
python3 "$here/gen_plan10k.py" "$work"
start_fake big --seed "$work/seed10k.json"
site_manifest "$work/m10k/site.yaml" "$PORT_big"
plan=$(python3 "$here/measure.py" 5 -- "$tabhook" plan "$work/m10k" --allow-literal-secrets --detailed-exitcode)
token=$(curl -sf -X POST "http://127.0.0.1:$PORT_big/api/3.24/auth/signin" -H 'Content-Type: application/json' -H 'Accept: application/json' \
  -d '{"credentials":{"personalAccessTokenName":"tabhook-ci","personalAccessTokenSecret":"tabhook-ci-secret","site":{"contentUrl":"marketing"}}}' |
  python3 -c 'import json,sys; c=json.load(sys.stdin)["credentials"]; print(c["token"], c["site"]["id"])')
set -- $token
list=$(python3 "$here/measure.py" 5 -- curl -sf -o /dev/null -H "X-Tableau-Auth: $1" -H 'Accept: application/json' \
  "http://127.0.0.1:$PORT_big/api/3.24/sites/$2/webhooks")
rss=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["peak_rss_kib"] // 1024)' "$plan")
python3 - "$plan" "$list" "$rss" <<'PY'
import json, sys
p, l, rss = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(f"| plan, 10,000 declared vs 10,000 live (peak {rss} MB) | {p['median_ms'] / 1000:.2f} s | "
      f"{p['min_ms'] / 1000:.2f}–{p['max_ms'] / 1000:.2f} s | < 2 s, < 100 MB | {p['median_ms'] / 2000:.2f}× budget; "
      f"{p['median_ms'] / l['median_ms']:.1f}× the bare list ({l['median_ms']:.0f} ms) |")
PY

# Requests per plan: serverinfo + sign-in + one list + sign-out is the minimum, whatever the size.
curl -sf -X DELETE "http://127.0.0.1:$PORT_big/_fake/requests" >/dev/null
"$tabhook" plan "$work/m10k" --allow-literal-secrets >/dev/null
curl -sf "http://127.0.0.1:$PORT_big/_fake/requests" | python3 -c '
import json, sys
n = len(json.load(sys.stdin)["requests"])
print(f"| requests per plan of 10,000 webhooks | {n} requests | – | minimum 4 (serverinfo, sign-in, list, sign-out) | {n / 4:.2f}× minimum |")'

# --- apply of 400 at 20 ms --------------------------------------------------------------------------
start_fake slow --latency 20 --threads 64
webhook_manifests "$work/m400" "$PORT_slow" 400
for p in 1 8 16; do
  runs=3
  r=$(python3 "$here/measure.py" "$runs" --setup "curl -sf -X POST -d '' http://127.0.0.1:$PORT_slow/_fake/reset" -- \
    "$tabhook" apply "$work/m400" --allow-literal-secrets --parallel "$p")
  bound=$(( (800 + p - 1) / p * 20 + 4 * 20 ))
  row "apply 400 creates + 400 tests at 20 ms, --parallel $p" "$r" - "$bound" "lower bound $(python3 -c "print(f'{$bound/1000:.2f} s')")"
done
