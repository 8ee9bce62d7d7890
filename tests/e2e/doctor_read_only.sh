#!/usr/bin/env bash
# tabhook doctor (no --canary) is read-only: one section per site, each check ok/warn/fail with a fix;
# the site role, unknown events, webhooks disabled by Tableau, destination checks (https, resolution, a
# TLS handshake with the stock trust store, nothing sent to a receiver), the allowlist, a PAT shared by
# sites, TLS to the server (certificate shown), redirects and a server without Tableau's REST API.
# Exit codes: 0 when every check is ok or warn, 5 when one fails, 1 for invalid manifests.
source "$(dirname "$0")/lib/fake.bash"
seed="${E2E_TMP:-/tmp}/doctor-seed.$$.json"
cat >"$seed" <<'JSON'
{"sites": [{"contentUrl": "", "name": "Default"}, {"contentUrl": "marketing"}],
 "users": [{"name": "admin", "password": "admin-password", "siteRole": "SiteAdministratorCreator",
            "personalAccessTokens": [{"name": "tabhook-ci", "secret": "tabhook-ci-secret"}]},
           {"name": "viewer", "password": "viewer-password", "siteRole": "Viewer"}],
 "webhooks": [
   {"site": "marketing", "name": "from-the-future", "event": "webhook-source-event-future-thing-happened",
    "url": "https://relay.example.com/f"},
   {"site": "marketing", "name": "broken", "event": "DatasourceRefreshFailed", "url": "https://relay.example.com/b",
    "isEnabled": false, "statusChangeReason": "Webhook disabled automatically after 17 failed deliveries"}]}
JSON
start_fake --seed "$seed"
rm -f "$seed"
source "$(dirname "$0")/lib/tabhook.bash"
start_tls_proxy 2
pids=("$TLS_PROXY_PID")
cleanup() { kill "${pids[@]}" 2>/dev/null || true; stop_fake; }
trap cleanup EXIT

# A clean site: loopback receiver only. Warnings (no allowlist, plain http) but no failure: exit 0.
m="$WORK/clean/site.yaml"
mkdir -p "$WORK/clean"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
log_clear
run_tabhook 0 clean doctor "$WORK/clean"
out="$WORK/clean.out"
assert_contains "$out" "site marketing ($FAKE_URL, contentUrl \"marketing\")"
assert_contains "$out" "  warn  allowlist: no server allowlist in force"
assert_contains "$out" "  ok    reachable: $FAKE_URL answered GET /api/2.4/serverinfo with HTTP 200"
assert_contains "$out" "  ok    redirects: none"
assert_contains "$out" "  ok    serverinfo: Tableau 2024.3.0, REST API 3.24"
assert_contains "$out" "  ok    api version: tabhook will use REST API 3.24 (the server's); in-place update (3.8+): yes; \`event\` attribute (3.9+): yes"
assert_contains "$out" "  ok    sign-in: personal access token \"tabhook-ci\" signed in"
assert_contains "$out" "  ok    site role: SiteAdministratorCreator: may manage webhooks"
assert_contains "$out" "  ok    webhooks: 2 listed: 1 enabled, 1 disabled, 2 owned by this account"
assert_contains "$out" "  warn  unknown events: events the catalogue does not know"
assert_contains "$out" "\"from-the-future\" (webhook-source-event-future-thing-happened)"
assert_contains "$out" "  warn  disabled \"broken\": disabled: Webhook disabled automatically after 17 failed deliveries"
assert_contains "$out" "  warn  destination gitops-a: $FAKE_URL/…#"
assert_contains "$out" "        fix: Tableau requires https with a valid certificate"
grep -q "^  fail" "$out" && fail "a clean site has a failed check"
# Read-only: no webhook write, and the site role came from Query User On Site.
assert_eq "$(log_writes)" 0 "webhook writes by doctor"
assert_eq "$(log_json | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if "/users/" in r["path"]))')" 1 "Query User On Site calls"
assert_eq "$(fake_deliveries | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["deliveries"]))')" 0 "deliveries"

# JSON: the same checks, machine-readable.
run_tabhook 0 clean-json doctor "$WORK/clean" --format json
json_assert "$WORK/clean-json.out" "doctor JSON" '
s = site("marketing")
checks = {c["check"]: c for c in s["checks"]}
assert checks["site role"]["status"] == "ok", checks
assert checks["allowlist"]["status"] == "warn" and checks["allowlist"]["fix"].startswith("set TABHOOK_ALLOWED_SERVERS")
assert s["canary"] is False and "profile" not in s
assert p["summary"]["fail"] == 0'

# Destinations that fail: a host that does not resolve; https with a certificate no stock store accepts
# (the TLS proxy's self-signed one, subject shown). Neither receives a request.
m="$WORK/bad/site.yaml"
mkdir -p "$WORK/bad"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-nowhere WorkbookCreated "https://nowhere.invalid/SENTINEL-path?k=SENTINEL-query"
add_webhook "$m" marketing gitops-selfsigned WorkbookCreated "$TLS_URL/SENTINEL-path2"
run_tabhook 5 bad doctor "$WORK/bad" --cacert "$WORK/cert.pem"
out="$WORK/bad.out"
assert_contains "$out" "  fail  destination gitops-nowhere: https://nowhere.invalid/…#"
assert_contains "$out" "host nowhere.invalid does not resolve"
assert_contains "$out" "  fail  destination gitops-selfsigned: $TLS_URL/…#"
assert_contains "$out" "TLS handshake failed with the system trust store"
assert_contains "$out" "it presents subject CN"
assert_contains "$out" "127.0.0.1"
assert_not_contains "$out" "SENTINEL"
assert_not_contains "$WORK/bad.err" "SENTINEL"
[ "$(grep -c "^  fail" "$out")" = 2 ] || fail "expected exactly the two destination failures"

# TLS to the server: through the proxy, the certificate is shown; untrusted without --cacert (fail, with
# the subject), verified with it (a warning: it expires within 30 days).
export TABLEAU_SERVER_URL="$TLS_URL"
run_tabhook 5 tls-untrusted doctor "$WORK/clean"
assert_contains "$WORK/tls-untrusted.out" "  fail  tls: TLS failed ("
assert_contains "$WORK/tls-untrusted.out" "the server presents subject CN"
assert_contains "$WORK/tls-untrusted.out" "fix: if the certificate is signed by a private CA, pass --cacert FILE"
run_tabhook 0 tls-trusted doctor "$WORK/clean" --cacert "$WORK/cert.pem"
assert_contains "$WORK/tls-trusted.out" "  warn  tls: certificate verified but expires soon: subject CN"
assert_contains "$WORK/tls-trusted.out" "fix: renew the server's certificate"
export TABLEAU_SERVER_URL="$FAKE_URL"

# The allowlist: a site outside it is not contacted at all.
log_clear
TABHOOK_ALLOWED_SERVERS=https://tableau.example.com run_tabhook 5 outside doctor "$WORK/clean"
assert_contains "$WORK/outside.out" "  fail  allowlist: not contacted:"
assert_contains "$WORK/outside.out" "fix: add $FAKE_URL to TABHOOK_ALLOWED_SERVERS"
assert_eq "$(log_count)" 0 "requests to a server outside the allowlist"
TABHOOK_ALLOWED_SERVERS="$FAKE_URL" run_tabhook 0 inside doctor "$WORK/clean"
assert_contains "$WORK/inside.out" "  ok    allowlist: $FAKE_URL is in the allowlist"

# A non-administrator: the role cannot be read (403) and listing is refused: fail, with the fix.
mkdir -p "$WORK/viewer"
write_password_site "$WORK/viewer/site.yaml" as-viewer marketing viewer VIEWER_PASSWORD
VIEWER_PASSWORD=viewer-password run_tabhook 5 viewer doctor "$WORK/viewer"
assert_contains "$WORK/viewer.out" "  fail  site role: the role could not be read and listing webhooks was refused"
assert_contains "$WORK/viewer.out" "fix: sign in as a site administrator"
# Wrong secret: sign-in fails with the causes named.
TABLEAU_PAT_SECRET=SENTINEL-wrong-secret run_tabhook 5 wrong-secret doctor "$WORK/clean"
assert_contains "$WORK/wrong-secret.out" "  fail  sign-in: personal access token \"tabhook-ci\""
assert_contains "$WORK/wrong-secret.out" "401001"
assert_contains "$WORK/wrong-secret.out" "revoked, expired"
assert_not_contains "$WORK/wrong-secret.out" "SENTINEL"

# Two sites with one PAT on one server are flagged (one session at a time), each naming the other.
mkdir -p "$WORK/shared"
write_site "$WORK/shared/a.yaml" site-a marketing
write_site "$WORK/shared/b.yaml" site-b ""
run_tabhook 0 shared doctor "$WORK/shared"
[ "$(grep -c "  warn  shared PAT: sites site-a, site-b sign in with the same personal access token" "$WORK/shared.out")" = 2 ] ||
  { cat "$WORK/shared.out"; fail "both sites flag the shared PAT"; }

# A server that redirects, and one without Tableau's REST API (plain 404): both reported with the fix.
cat >"$WORK/server.py" <<'PY'
import http.server, sys
mode = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if mode == "redirect":
            self.send_response(301); self.send_header("Location", "https://tableau.example.com/api/2.4/serverinfo")
        else:
            self.send_response(404); self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_port))
s.serve_forever()
PY
python3 "$WORK/server.py" redirect "$WORK/redirect.port" & pids+=($!)
python3 "$WORK/server.py" notfound "$WORK/notfound.port" & pids+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/redirect.port" ] && [ -s "$WORK/notfound.port" ] && break; sleep 0.05; done
TABLEAU_SERVER_URL="http://127.0.0.1:$(cat "$WORK/redirect.port")" run_tabhook 5 redirect doctor "$WORK/clean"
assert_contains "$WORK/redirect.out" "  fail  redirects: the server redirects to https://tableau.example.com"
assert_contains "$WORK/redirect.out" "fix: set spec.server to https://tableau.example.com"
TABLEAU_SERVER_URL="http://127.0.0.1:$(cat "$WORK/notfound.port")" run_tabhook 5 notfound doctor "$WORK/clean"
assert_contains "$WORK/notfound.out" "  fail  serverinfo: no Tableau REST API at http://127.0.0.1:"
assert_contains "$WORK/notfound.out" "fix: is spec.server the server's root URL?"
# A browser URL as spec.server: refused with the origin to use.
# (validate refuses it before any connection, exit 1.)
log_clear
TABLEAU_SERVER_URL="$FAKE_URL/#/site/marketing" run_tabhook 1 fragment doctor "$WORK/clean"
assert_contains "$WORK/fragment.err" "server must be the server's root URL"
# The server came through ${env:}: what a reference put in is not echoed (it may hold anything), so the fix
# is named; a literal server gets the origin and contentUrl spelled out (unit/manifest/document_test.cpp).
assert_contains "$WORK/fragment.err" "use its origin (scheme://host[:port]), with the site in contentUrl"
assert_not_contains "$WORK/fragment.err" "marketing"
assert_eq "$(log_count)" 0 "requests for a browser URL"

# Invalid manifests: exit 1, nothing sent.
echo "kind: [" >"$WORK/invalid.yaml"
run_tabhook 1 invalid doctor "$WORK/invalid.yaml"
echo "doctor_read_only: ok"
