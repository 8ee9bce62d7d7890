#!/usr/bin/env bash
# A server that sends strings that are not valid UTF-8 (webhook names with raw 0xFF 0xFE bytes, or with
# the CESU-8 bytes that an XML &#xD800; decodes to, a disable reason likewise) crashes nothing: plan
# --format json, plan --out, drift --format json, export --inline-urls and a daemon cycle with --report
# and /status.json all finish as usual, and everything they write is valid UTF-8 JSON with U+FFFD in
# place of the bad bytes. The fake answers XML here (--xml-only), as Tableau does by default; the seed
# gives the names in hex (nameHex), which JSON cannot hold.
source "$(dirname "$0")/lib/fake.bash"
mkdir -p "${E2E_TMP:-/tmp}"
seed=$(mktemp "${E2E_TMP:-/tmp}/seed.XXXXXX")
python3 - "$seed" <<'PY'
import json, sys
hooks = [
    {"site": "marketing", "nameHex": b"bad\xff\xfe".hex(), "event": "WorkbookCreated",
     "url": "https://relay.example.com/bad"},
    {"site": "marketing", "nameHex": b"x\xed\xa0\x80".hex(), "event": "WorkbookCreated",
     "url": "https://relay.example.com/surrogate"},
    {"site": "marketing", "name": "gitops-a", "event": "WorkbookCreated", "url": "https://relay.example.com/a",
     "isEnabled": False, "statusChangeReasonHex": b"failed \xc0\xaf deliveries".hex()},
]
seed = {
    "sites": [{"contentUrl": "", "name": "Default"}, {"contentUrl": "marketing", "name": "Marketing"}],
    "users": [
        {"name": "admin", "password": "admin-password", "siteRole": "SiteAdministratorCreator",
         "personalAccessTokens": [{"name": "tabhook-ci", "secret": "tabhook-ci-secret"}]},
        {"name": "alice", "siteRole": "SiteAdministratorCreator",
         "personalAccessTokens": [{"name": "alice-pat", "secret": "alice-pat-secret"}]},
    ],
    "webhooks": hooks,
}
json.dump(seed, open(sys.argv[1], "w"))
PY
start_fake --xml-only --seed "$seed"
source "$(dirname "$0")/lib/tabhook.bash"
rm -f "$seed"

# The fake really sends the bytes: its XML list holds them raw.
curl -sf "$FAKE_URL/api/3.24/serverinfo" >/dev/null
python3 - "$FAKE_URL" <<'PY' || fail "fake-tableau does not send the invalid bytes"
import json, sys, urllib.request
url = sys.argv[1]
req = urllib.request.Request(url + "/api/3.24/auth/signin", method="POST", headers={"Content-Type": "application/json"},
    data=json.dumps({"credentials": {"personalAccessTokenName": "tabhook-ci",
                     "personalAccessTokenSecret": "tabhook-ci-secret", "site": {"contentUrl": "marketing"}}}).encode())
body = urllib.request.urlopen(req).read()
assert body.lstrip().startswith(b"<"), body[:100]
token = body.split(b'token="')[1].split(b'"')[0].decode()
site = body.split(b'<site id="')[1].split(b'"')[0].decode()
req = urllib.request.Request(f"{url}/api/3.24/sites/{site}/webhooks", headers={"X-Tableau-Auth": token})
listing = urllib.request.urlopen(req).read()
assert b'name="bad\xff\xfe"' in listing and b'name="x\xed\xa0\x80"' in listing, listing
PY

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-a WorkbookCreated "https://relay.example.com/a"

# utf8_json FILE WHAT: FILE is valid UTF-8 and valid JSON, and shows U+FFFD where the bytes were.
utf8_json() {
  python3 - "$1" <<'PY' || fail "$2 is not valid UTF-8 JSON"
import json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")  # strict: raises on any invalid byte
json.loads(text)
assert "bad\ufffd\ufffd" in text, text[:2000]
assert "x\ufffd\ufffd\ufffd" in text, text[:2000]
PY
}

run_tabhook 0 plan-json plan "$WORK/manifests" --format json
utf8_json "$WORK/plan-json.out" "plan --format json"
json_assert "$WORK/plan-json.out" "plan deletes the two owned webhooks and re-enables gitops-a" '
acts = sorted((c["action"], c["name"]) for c in site("marketing")["changes"])
assert [a for a in acts if a[0] == "delete"] == [("delete", "bad\ufffd\ufffd"), ("delete", "x\ufffd\ufffd\ufffd")], acts
assert [a[1] for a in acts if a[0] != "delete"] == ["gitops-a"], acts'

run_tabhook 0 plan-out plan "$WORK/manifests" --out "$WORK/saved.plan"
utf8_json "$WORK/saved.plan" "plan --out"

run_tabhook 0 plan-text plan "$WORK/manifests"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$WORK/plan-text.out" ||
  fail "plan's text output is not valid UTF-8"

run_tabhook 2 drift-json drift "$WORK/manifests" --format json
utf8_json "$WORK/drift-json.out" "drift --format json"
python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); assert "failed \ufffd\ufffd deliveries" in t, t' \
  "$WORK/drift-json.out" || fail "the disable reason is not shown with U+FFFD"

run_tabhook 0 export export "$WORK/manifests" --site marketing --inline-urls
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$WORK/export.out" ||
  fail "export's manifests are not valid UTF-8"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$WORK/export.err" ||
  fail "export's warnings are not valid UTF-8"

# The daemon: one observe cycle, its --report file and /status.json.
"$TABHOOK" run "$WORK/manifests" --interval 1h --listen 127.0.0.1:0 --report "$WORK/report.json" \
  >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true; stop_fake' EXIT
port=""
for _ in $(seq 1 400); do
  kill -0 "$daemon" 2>/dev/null || { cat "$WORK/daemon.err" >&2; fail "the daemon exited"; }
  port=$(sed -n 's/.*msg=listening addr=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/daemon.err" | head -1)
  [ -n "$port" ] && [ -s "$WORK/report.json" ] && break
  sleep 0.05
done
[ -s "$WORK/report.json" ] || { cat "$WORK/daemon.err" >&2; fail "the daemon wrote no report"; }
utf8_json "$WORK/report.json" "the daemon's --report file"
code=$(curl -s -o "$WORK/status.json" -w '%{http_code}' "http://127.0.0.1:$port/status.json")
assert_eq "$code" 200 "/status.json status"
utf8_json "$WORK/status.json" "/status.json"
code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' "http://127.0.0.1:$port/")
assert_eq "$code" 200 "status page status"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$WORK/page.html" ||
  fail "the status page is not valid UTF-8"
kill -TERM "$daemon"
rc=0
wait "$daemon" || rc=$?
assert_eq "$rc" 0 "the daemon's exit status after SIGTERM"
echo "ok: invalid UTF-8 from the server crashes nothing"
