#!/usr/bin/env bash
# Sentinel values in a PAT secret, a password and a URL's path and query never appear in any output,
# the audit log, the saved plan or the export (the secrets file aside), even when requests fail.
source "$(dirname "$0")/lib/fake.bash"
PAT_SECRET="SENTINEL-pat-5b1e"
PASSWORD="SENTINEL-pw-93ad"
URL_SECRET="SENTINEL-url-c4d2"
cat >"${E2E_TMP:-/tmp}/secrets-seed.json" <<JSON
{"sites": [{"name": "Default", "contentUrl": ""}, {"name": "Marketing", "contentUrl": "marketing"}],
 "users": [{"name": "admin", "password": "$PASSWORD", "siteRole": "SiteAdministratorCreator",
            "personalAccessTokens": [{"name": "tabhook-ci", "secret": "$PAT_SECRET"}]}]}
JSON
start_fake --seed "${E2E_TMP:-/tmp}/secrets-seed.json"
source "$(dirname "$0")/lib/tabhook.bash"
export TABLEAU_PAT_SECRET="$PAT_SECRET"
export RELAY_URL="$FAKE_URL/_fake/receiver/$URL_SECRET?token=$URL_SECRET"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-a WorkbookCreated '${env:RELAY_URL}'
write_password_site "$WORK/manifests/default.yaml" default-site "" admin TABLEAU_PASSWORD
add_webhook "$WORK/manifests/default.yaml" default-site gitops-b WorkbookCreated '${env:RELAY_URL}&status=500' true best-effort
export TABLEAU_PASSWORD="$PASSWORD"

run_tabhook 0 validate validate "$WORK/manifests" --format json
run_tabhook 0 plan plan "$WORK/manifests" -v --out "$WORK/saved-plan.json"
run_tabhook 0 plan-json plan "$WORK/manifests" --format json
run_tabhook 0 plan-md plan "$WORK/manifests" --format markdown
run_tabhook 0 apply apply "$WORK/manifests" --plan "$WORK/saved-plan.json" --audit-log "$WORK/audit.jsonl" -v
run_tabhook 0 apply-json apply "$WORK/manifests" --format json --test all
run_tabhook 0 test test "$WORK/manifests"
run_tabhook 0 drift drift "$WORK/manifests" --format json
run_tabhook 0 export export "$WORK/manifests" --site marketing --secrets-out "$WORK/export.env"
# A webhook disabled with a reason that quotes its URL (Tableau's reason is free text): drift, plan and
# the daemon show the reason, never the URL's path or query.
id=$(api_list | awk -F'\t' '$1 == "gitops-a" {print $2}')
curl -sf -X POST "$FAKE_URL/_fake/webhooks/$id/disable" -H 'Content-Type: application/json' \
  -d "{\"reason\": \"Disabled after failures delivering to $RELAY_URL (path /_fake/receiver/$URL_SECRET)\"}" >/dev/null
run_tabhook 2 drift-disabled drift "$WORK/manifests"
assert_contains "$WORK/drift-disabled.out" "Disabled after failures delivering to"
run_tabhook 0 plan-disabled-md plan "$WORK/manifests" --format markdown
run_tabhook 0 plan-disabled-json plan "$WORK/manifests" --format json
RUNTIME_DIRECTORY="$WORK" run_tabhook 2 run-once run "$WORK/manifests" --once --report "$WORK/report.json"
# An error whose detail echoes the URL cut by a quote, in lower case and JSON-escaped.
python3 -c '
import json, sys
url = sys.argv[1]
detail = "Invalid URL %r (%s) %s" % (url, url.lower(), json.dumps({"url": url}).replace("/", "\\/"))
print(json.dumps({"kind": "error", "method": "PUT", "path": "/api/*/sites/*/webhooks/*", "status": 400,
                  "count": -1, "detail": detail}))' "$RELAY_URL" >"$WORK/echo-fault.json"
curl -sf -X POST "$FAKE_URL/_fake/faults" -H 'Content-Type: application/json' -d @"$WORK/echo-fault.json" >/dev/null
# A token put into a URL by a reference, echoed on its own by the server.
export RELAY_TOKEN="SENTINEL-token-77e1"
add_webhook "$m" marketing gitops-c WorkbookCreated "$FAKE_URL/_fake/receiver/c/\${env:RELAY_TOKEN}"
curl -sf -X POST "$FAKE_URL/_fake/faults" -H 'Content-Type: application/json' -d '{"kind": "error", "method": "POST",
  "path": "/api/*/sites/*/webhooks", "status": 400, "count": -1, "detail": "bad token SENTINEL-token-77e1"}' >/dev/null
run_tabhook 1 apply-echo apply "$WORK/manifests" --retry-attempts 1
assert_contains "$WORK/apply-echo.out" "Invalid URL"
assert_contains "$WORK/apply-echo.out" "bad token ***"
curl -sf -X DELETE "$FAKE_URL/_fake/faults" >/dev/null
# A failing request: the server refuses the session (wrong secret), and its error detail is printed.
TABLEAU_PAT_SECRET="$PAT_SECRET-wrong" run_tabhook 1 bad-auth plan "$WORK/manifests" --site marketing
assert_contains "$WORK/bad-auth.err" "401001"
grep -q "$URL_SECRET" "$WORK/export.env" || fail "the secrets file holds the URL"

for f in "$WORK"/*.out "$WORK"/*.err "$WORK/audit.jsonl" "$WORK/saved-plan.json" "$WORK/report.json"; do
  for s in "$PAT_SECRET" "$PASSWORD" "$URL_SECRET" "SENTINEL-token"; do
    assert_not_contains "$f" "$s"
    ! grep -qiF -- "$s" "$f" || fail "$f holds $s in another letter case"
  done
done
# The fake's request log redacts credentials too.
log_json >"$WORK/fake-log.json"
for s in "$PAT_SECRET" "$PASSWORD"; do assert_not_contains "$WORK/fake-log.json" "$s"; done
echo "secrets_never_leak: ok"
