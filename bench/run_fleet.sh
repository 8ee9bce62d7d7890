#!/usr/bin/env bash
# Many sites on one token (issue 14, part 2), against fake-tableau on loopback at 20 ms injected latency per
# request: 50 sites × 10 webhooks, plan (500 creates planned) and apply (500 creates, --parallel 8,
# --test none: receiver tests are left out so the bound counts only what the sessions cost), each a median
# of 3 runs, with (a) one personal access token shared by all 50 sites and (b) one token per site. Markdown
# rows (| benchmark | median | spread | target | ratio |).
#
# Lower bounds, in sequential requests × 20 ms (what no client can beat at that latency):
#   (a) one shared session works on one site at a time:
#       plan  = serverinfo + sign-in + 50 lists + 49 switches + sign-out                      = 102
#       apply = serverinfo + sign-in + 50 lists + 49 switches (the plan's part)
#               + per site: ceil(10 / 8) waves of creates + the verification list, plus a switch
#                 for every site but the one the session is on after listing
#               + sign-out                                  = 2 + 50 + 49 + 50 × 3 + 49 + 1  = 301
#   (b) one session per site, sites in parallel (the fake gets 512 workers: each keep-alive connection
#       holds one, and 50 sessions × 8 connections need 400): plan 4 (serverinfo, sign-in, list, sign-out),
#       apply 7 (the same + 2 waves of creates + the verification list).
# Budgets (issue 14): (a) plan ≤ 1.3× its bound, apply ≤ 1.5× its bound.
# Usage: bench/run_fleet.sh BUILD_DIR [RUNS]
set -euo pipefail
build=$(cd "${1:?usage: run_fleet.sh BUILD_DIR [RUNS]}" && pwd)
runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
tabhook="$build/bin/tabhook"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
SITES=50
HOOKS=10
PARALLEL=8
LATENCY=20

python3 - "$work" "$SITES" "$HOOKS" <<'PY'
import json, os, sys
work, n, hooks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sites = [{"contentUrl": ""}] + [{"contentUrl": f"site{i:02}"} for i in range(1, n + 1)]
pats = [{"name": "fleet-pat", "secret": "fleet-secret"}] + [{"name": f"pat-{i:02}", "secret": f"secret-{i:02}"}
                                                            for i in range(1, n + 1)]
users = [{"name": "fleet-admin", "personalAccessTokens": pats,
          "sites": [{"contentUrl": f"site{i:02}", "siteRole": "SiteAdministratorCreator"} for i in range(1, n + 1)]}]
json.dump({"sites": sites, "users": users}, open(os.path.join(work, "seed.json"), "w"))
PY
"$build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/port" --seed "$work/seed.json" \
  --latency "$LATENCY" --threads 512 >"$work/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/port")"

# manifests DIR shared|per-site
manifests() {
  python3 - "$1" "$2" "$url" "$SITES" "$HOOKS" <<'PY'
import os, sys
out, mode, url, n, hooks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
os.makedirs(out)
for i in range(1, n + 1):
    name, secret = ("fleet-pat", "fleet-secret") if mode == "shared" else (f"pat-{i:02}", f"secret-{i:02}")
    with open(os.path.join(out, f"site{i:02}.yaml"), "w") as f:
        f.write(f"apiVersion: tabhook/v1\nkind: Site\nmetadata: {{name: site{i:02}}}\nspec:\n  server: {url}\n"
                f"  contentUrl: site{i:02}\n  auth: {{personalAccessToken: {{name: {name}, secret: {secret}}}}}\n")
        for h in range(hooks):
            f.write(f"---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata: {{name: fleet-{h:02}, site: site{i:02}}}\n"
                    f"spec: {{event: WorkbookCreated, url: 'https://relay.example.com/site{i:02}/{h}'}}\n")
PY
}
manifests "$work/shared" shared
manifests "$work/per-site" per-site

reset="curl -sf -X POST -d '' $url/_fake/reset"
measure_plan() { python3 "$here/measure.py" "$runs" --setup "$reset" -- "$tabhook" plan "$1" --allow-literal-secrets; }
measure_apply() {
  python3 "$here/measure.py" "$runs" --setup "$reset" -- \
    "$tabhook" apply "$1" --allow-literal-secrets --parallel "$PARALLEL" --test none
}
# requests SUFFIX: how many requests of the last run ended so (sign-ins, switches, sign-outs).
requests() {
  curl -sf "$url/_fake/requests" | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["path"].endswith(sys.argv[1])))' "$1"
}
counted() {  # counted plan|apply DIR: the sign-ins, switches and sign-outs of one more run
  eval "$reset" >/dev/null
  if [ "$1" = plan ]; then "$tabhook" plan "$2" --allow-literal-secrets >/dev/null || true
  else "$tabhook" apply "$2" --allow-literal-secrets --parallel "$PARALLEL" --test none >/dev/null; fi
  echo "$(requests /auth/signin) sign-in(s), $(requests /auth/switchSite) switches, $(requests /auth/signout) sign-out(s)"
}

plan_shared=$(measure_plan "$work/shared")
plan_shared_requests=$(counted plan "$work/shared")
plan_per_site=$(measure_plan "$work/per-site")
apply_shared=$(measure_apply "$work/shared")
apply_shared_requests=$(counted apply "$work/shared")
apply_per_site=$(measure_apply "$work/per-site")

waves=$(( (HOOKS + PARALLEL - 1) / PARALLEL ))
python3 - "$SITES" "$LATENCY" "$waves" "$plan_shared" "$plan_per_site" "$apply_shared" "$apply_per_site" \
  "$plan_shared_requests" "$apply_shared_requests" <<'PY'
import json, sys
n, latency, waves = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
plan_a, plan_b, apply_a, apply_b = (json.loads(a) for a in sys.argv[4:8])
plan_req, apply_req = sys.argv[8], sys.argv[9]
bound = {
    "plan_a": (2 + n + (n - 1) + 1) * latency,
    "apply_a": (2 + n + (n - 1) + n * (waves + 1) + (n - 1) + 1) * latency,
    "plan_b": 4 * latency,
    "apply_b": (4 + waves + 1) * latency,
}
def s(ms): return f"{ms / 1000:.2f} s"
def row(name, d, target, ratio):
    print(f"| {name} | {s(d['median_ms'])} | {s(d['min_ms'])}–{s(d['max_ms'])} | {target} | {ratio} |")
what = f"{n} sites × 10 webhooks at {latency} ms"
row(f"plan, {what}, one token shared by all ({plan_req})", plan_a,
    f"≤ 1.3× lower bound {s(bound['plan_a'])} ({bound['plan_a'] // latency} sequential requests)",
    f"{plan_a['median_ms'] / bound['plan_a']:.2f}× lower bound; {plan_a['median_ms'] / plan_b['median_ms']:.1f}× token-per-site")
row(f"plan, {what}, one token per site", plan_b, f"lower bound {s(bound['plan_b'])}",
    f"{plan_b['median_ms'] / bound['plan_b']:.2f}× lower bound")
row(f"apply 500 creates (--parallel 8, --test none), {what}, one token shared by all ({apply_req})", apply_a,
    f"≤ 1.5× lower bound {s(bound['apply_a'])} ({bound['apply_a'] // latency} sequential requests)",
    f"{apply_a['median_ms'] / bound['apply_a']:.2f}× lower bound; {apply_a['median_ms'] / apply_b['median_ms']:.1f}× token-per-site")
row(f"apply 500 creates (--parallel 8, --test none), {what}, one token per site", apply_b,
    f"lower bound {s(bound['apply_b'])}", f"{apply_b['median_ms'] / bound['apply_b']:.2f}× lower bound")
PY
