#!/usr/bin/env bash
# tabhook doctor --canary --record FILE: the recording (mode 0600) holds every exchange (method, path,
# status, headers, bodies) and no secret: not the PAT secret, not a session token, not the path or query
# of a declared, canary or pre-existing destination URL (sentinels), in the recording or any output.
source "$(dirname "$0")/lib/fake.bash"
PAT_SECRET="SENTINEL-pat-6e2a"
seed="${E2E_TMP:-/tmp}/record-seed.$$.json"
cat >"$seed" <<JSON
{"sites": [{"contentUrl": "", "name": "Default"}, {"contentUrl": "marketing"}],
 "users": [{"name": "admin", "siteRole": "SiteAdministratorCreator",
            "personalAccessTokens": [{"name": "tabhook-ci", "secret": "$PAT_SECRET"}]}],
 "webhooks": [{"site": "marketing", "name": "already-there", "event": "WorkbookCreated",
               "url": "https://relay.example.com/SENTINEL-existing-path?k=SENTINEL-existing-query",
               "isEnabled": false,
               "statusChangeReason": "failing: https://relay.example.com/SENTINEL-existing-path?k=SENTINEL-existing-query"}]}
JSON
# --unique-names: a rejected duplicate puts an error body in the recording too.
start_fake --seed "$seed" --unique-names
rm -f "$seed"
source "$(dirname "$0")/lib/tabhook.bash"
export TABLEAU_PAT_SECRET="$PAT_SECRET"
export RELAY_TOKEN="SENTINEL-ref-91ab"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/SENTINEL-declared-path?token=\${env:RELAY_TOKEN}"
CANARY="$FAKE_URL/_fake/receiver/SENTINEL-canary-path?secret=SENTINEL-canary-query"
run_tabhook 0 doctor doctor "$WORK/manifests" --canary "$CANARY" --record "$WORK/record.json" --format json
rec="$WORK/record.json"
[ -s "$rec" ] || fail "no recording written"
assert_eq "$(stat -c %a "$rec")" 600 "recording mode"
python3 - "$rec" <<'PY' || fail "the recording lacks exchanges"
import json, sys
r = json.load(open(sys.argv[1]))
ex = r["exchanges"]
steps = {e["step"] for e in ex}
for want in ["marketing: serverinfo", "marketing: sign-in", "marketing: list", "marketing: canary create",
             "marketing: canary duplicate", "marketing: canary cleanup", "marketing: canary ended session"]:
    assert want in steps, (want, sorted(steps))
dup = [e for e in ex if e["step"] == "marketing: canary duplicate" and e["method"] == "POST"]
assert dup and dup[-1]["status"] == 409 and "409" in dup[-1]["response_body"], dup
ended = [e for e in ex if e["step"] == "marketing: canary ended session"]
assert ended and ended[0]["status"] == 401, ended
signin = [e for e in ex if e["path"].endswith("/auth/signin")]
assert signin and all("***" in e["request_body"] for e in signin), signin
for e in ex:
    for h in e["request_headers"]:
        if h["name"].lower() == "x-tableau-auth":
            assert h["value"] == "***", h
PY
# The sentinels, and anything shaped like a session token (<22>|<32>|<site-luid>).
for f in "$rec" "$WORK/doctor.out" "$WORK/doctor.err"; do
  assert_not_contains "$f" "SENTINEL"
  if grep -Eq '[A-Za-z0-9]{22}\|[A-Za-z0-9]{32}\|' "$f"; then fail "$f holds a session token"; fi
done
# The recording is still useful: the hosts of destinations and the error code are there.
assert_contains "$rec" "relay.example.com"
assert_contains "$rec" "409050"
# An unwritable --record path: exit 1, said on stderr, the checks still printed.
run_tabhook 1 unwritable doctor "$WORK/manifests" --record "$WORK/no-such-dir/record.json"
assert_contains "$WORK/unwritable.err" "--record"
assert_contains "$WORK/unwritable.out" "site marketing"
echo "doctor_record_secrets: ok"
