#!/usr/bin/env bash
# The demo: installs what is missing, builds, starts fake-tableau (a local Tableau REST server) and runs
# tabhook's main job on examples/ against it: validate, plan, apply, test, then drift after someone
# changes the site behind tabhook's back, and apply again to heal it.
# Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh
echo "==> building tabhook and fake-tableau (release)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target tabhook fake-tableau
tabhook="$root/build/bin/tabhook"

work=$(mktemp -d)
"$root/build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/port" >"$work/fake.log" 2>&1 &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { cat "$work/fake.log"; echo "fake-tableau did not start" >&2; exit 1; }
port=$(cat "$work/port")
fake="http://127.0.0.1:$port"
echo "==> fake-tableau listening on $fake"

# examples/README.md lists these: one token per environment, receivers on the fake's built-in receiver.
export TABLEAU_PRODUCTION_SERVER_URL=$fake TABLEAU_STAGING_SERVER_URL=$fake
export TABLEAU_PRODUCTION_PAT_NAME=tabhook-ci TABLEAU_PRODUCTION_PAT_SECRET=tabhook-ci-secret
export TABLEAU_STAGING_PAT_NAME=alice-pat TABLEAU_STAGING_PAT_SECRET=alice-pat-secret
export DATA_PLATFORM_HOOK_URL=$fake/_fake/receiver/data-platform
export ANALYTICS_HOOK_URL=$fake/_fake/receiver/analytics
export SECURITY_HOOK_URL=$fake/_fake/receiver/security
export TABHOOK_ALLOWED_SERVERS=$fake

# step NAME EXPECTED_EXIT COMMAND...: runs a step and stops the demo on an unexpected exit code.
step() {
  local expected=$2 rc=0
  printf '\n==> %s\n$ %s\n' "$1" "${*:3}"
  "${@:3}" || rc=$?
  [ "$rc" = "$expected" ] || { echo "demo: '$1' exited $rc, expected $expected" >&2; exit 1; }
}

step "validate without secrets (as a pull-request check from a fork would)" 0 "$tabhook" validate --offline examples/
step "validate, resolving every reference" 0 "$tabhook" validate examples/
step "plan: what a merge would change" 2 "$tabhook" plan examples/ --detailed-exitcode
step "apply: create the webhooks, then test each receiver" 0 "$tabhook" apply examples/ --audit-log "$work/audit.jsonl"
step "plan again: nothing left to do" 0 "$tabhook" plan examples/ --detailed-exitcode
step "test every declared webhook on demand" 0 "$tabhook" test examples/

echo
echo "==> someone changes the production site behind tabhook's back (alice disables a webhook and adds one)"
signin=$(curl -sf -X POST "$fake/api/3.24/auth/signin" -H 'Content-Type: application/json' -H 'Accept: application/json' \
  -d '{"credentials":{"personalAccessTokenName":"alice-pat","personalAccessTokenSecret":"alice-pat-secret","site":{"contentUrl":"marketing"}}}')
token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["token"])' <<<"$signin")
site=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["site"]["id"])' <<<"$signin")
first=$(curl -sf "$fake/_fake/webhooks" | python3 -c '
import json, sys
print(next(w["id"] for w in json.load(sys.stdin)["webhooks"]
           if w["site"] == "marketing" and w["name"] == "gitops-data-platform-refresh-failed"))')
curl -sf -X POST "$fake/_fake/webhooks/$first/disable" -H 'Content-Type: application/json' \
  -d '{"reason": "Webhook disabled after 4 failed deliveries"}' >/dev/null
curl -sf -X POST "$fake/api/3.24/sites/$site/webhooks" -H "X-Tableau-Auth: $token" -H 'Content-Type: application/json' \
  -d "{\"webhook\":{\"name\":\"alice-adhoc\",\"event\":\"WorkbookCreated\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$fake/_fake/receiver/alice\"}}}}" >/dev/null

step "drift: what differs from the manifests" 2 "$tabhook" drift examples/
step "apply heals it (re-enables and tests; alice's webhook is unmanaged and left alone)" 0 "$tabhook" apply examples/
step "drift after healing" 0 "$tabhook" drift examples/

echo
echo "==> a refresh fails on the production site: Tableau delivers the event to the subscribed receivers"
curl -sf -X POST "$fake/_fake/events" -H 'Content-Type: application/json' \
  -d '{"site": "marketing", "event": "DatasourceRefreshFailed", "resource_name": "Sales extract", "wait": true}' |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d, indent=2)[:1500])'

echo
echo "==> the audit log of every write (no secrets in it)"
cat "$work/audit.jsonl"
echo
echo "demo complete"
