#!/usr/bin/env bash
# Many sites on one token (issue 14, part 2): 8 sites of one server, all signing in with the same personal
# access token, 2 webhooks each. plan and apply keep ONE session: one sign-in, Switch Site between sites,
# one sign-out, counted in /_fake/requests. apply lists every site before its first write, and starts
# writing on the site the session is on. Under `--switch-site unsupported` (as Tableau Cloud is assumed to
# answer) tabhook says so once with -v, signs in per site, and the sites end up exactly as with Switch Site.
source "$(dirname "$0")/lib/fake.bash"

SITES=8
SENTINEL="SENTINEL-shared-pat-$$"
seed="$(mktemp "${E2E_TMP:-/tmp}/shared-seed.XXXXXX")"
python3 - "$seed" "$SITES" "$SENTINEL" <<'PY'
import json, sys
path, n, sentinel = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sites = [{"contentUrl": ""}] + [{"contentUrl": f"site{i:02}"} for i in range(1, n + 1)]
users = [{"name": "fleet-admin",
          "personalAccessTokens": [{"name": "fleet-pat", "secret": sentinel}],
          "sites": [{"contentUrl": f"site{i:02}", "siteRole": "SiteAdministratorCreator"} for i in range(1, n + 1)]}]
json.dump({"sites": sites, "users": users}, open(path, "w"))
PY
start_fake --seed "$seed"
source "$(dirname "$0")/lib/tabhook.bash"
export FLEET_SECRET="$SENTINEL"

for i in $(seq -f '%02g' 1 "$SITES"); do
    m="$WORK/manifests/site$i.yaml"
    site_yaml "$m" "site$i" "site$i" '    personalAccessToken:
      name: fleet-pat
      secret: ${env:FLEET_SECRET}'
    for n in 1 2; do
        add_webhook "$m" "site$i" "fleet-$n" WorkbookCreated "$FAKE_URL/_fake/receiver/site$i-$n"
    done
done

# count_requests METHOD PATH_SUFFIX: requests in the log whose path ends so.
count_requests() {
    log_json | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["method"] == sys.argv[1] and r["path"].endswith(sys.argv[2])))' "$1" "$2"
}
expect_requests() {  # expect_requests WHAT SIGN_INS SWITCHES SIGN_OUTS
    assert_eq "$(count_requests POST /auth/signin)" "$2" "$1: sign-ins"
    assert_eq "$(count_requests POST /auth/switchSite)" "$3" "$1: Switch Site requests"
    assert_eq "$(count_requests POST /auth/signout)" "$4" "$1: sign-outs"
}
no_sentinel() {
    for f in "$WORK"/*.out "$WORK"/*.err; do assert_not_contains "$f" "$SENTINEL"; done
}
# Every site listed before the first webhook write, and writes only on sites of the fleet.
lists_before_writes() {
    log_json | python3 -c '
import json, re, sys
rs = json.load(sys.stdin)["requests"]
hook = re.compile(r"^/api/[^/]+/sites/([^/]+)/webhooks")
writes = [i for i, r in enumerate(rs) if hook.match(r["path"]) and r["method"] in ("POST", "PUT", "DELETE")]
assert writes, "no write"
listed = {hook.match(r["path"]).group(1) for r in rs[:writes[0]] if hook.match(r["path"]) and r["method"] == "GET"}
written = {hook.match(rs[i]["path"]).group(1) for i in writes}
assert len(listed) == int(sys.argv[1]), f"{len(listed)} sites listed before the first write"
assert written <= listed, "a write to a site not listed first"
# The one Switch Site a server without it refuses (403) is expected; nothing else fails.
bad = [(r["method"], r["path"], r["status"]) for r in rs
       if r["status"] >= 400 and not (r["path"].endswith("/auth/switchSite") and r["status"] == 403)]
assert not bad, f"failed requests: {bad}"' "$SITES" || fail "$1"
}

# --- with Switch Site -------------------------------------------------------------------------------
log_clear
run_tabhook 2 plan plan "$WORK/manifests" --detailed-exitcode -v
expect_requests plan 1 $((SITES - 1)) 1
assert_eq "$(count_requests GET /webhooks)" "$SITES" "plan: one list per site"
assert_not_contains "$WORK/plan.err" "Switch Site"

log_clear
run_tabhook 0 apply apply "$WORK/manifests" --parallel 4
assert_contains "$WORK/apply.out" "$((SITES * 2)) done, 0 failed"
# Listing visits site01…site08 (7 switches); the writes start on site08, where the session is, then
# site01…site07 (7 more).
expect_requests apply 1 $((2 * (SITES - 1))) 1
lists_before_writes "apply wrote before every site was listed"
first_write_site=$(log_json | python3 -c '
import json, re, sys
rs = json.load(sys.stdin)["requests"]
print(next(re.match(r"^/api/[^/]+/sites/([^/]+)/", r["path"]).group(1) for r in rs
           if r["method"] == "POST" and re.match(r"^/api/[^/]+/sites/[^/]+/webhooks$", r["path"])))')
last_site_id=$(curl -fsS "$FAKE_URL/_fake/sites" | python3 -c '
import json, sys
print(next(s["id"] for s in json.load(sys.stdin)["sites"] if s["contentUrl"] == sys.argv[1]))' "site$(printf %02d "$SITES")")
assert_eq "$first_write_site" "$last_site_id" "the first site written is the one the session was on"
assert_eq "$(fake_sessions | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for s in d["sessions"] if s["active"]))')" 0 \
    "sessions left open after apply"
fake_webhooks | python3 -c '
import json, sys
print(sorted((w["site"], w["name"]) for w in json.load(sys.stdin)["webhooks"]))' >"$WORK/with-switch.hooks"

log_clear
run_tabhook 0 replan plan "$WORK/manifests" --detailed-exitcode
expect_requests "plan after apply" 1 $((SITES - 1)) 1
no_sentinel

# --- without Switch Site ----------------------------------------------------------------------------
start_fake --seed "$seed" --switch-site unsupported
export TABLEAU_SERVER_URL="$FAKE_URL"
for i in $(seq -f '%02g' 1 "$SITES"); do
    sed -i "s#http://127.0.0.1:[0-9]*/_fake/receiver#$FAKE_URL/_fake/receiver#" "$WORK/manifests/site$i.yaml"
done

log_clear
run_tabhook 2 plan_fallback plan "$WORK/manifests" --detailed-exitcode -v
expect_requests "plan without Switch Site" "$SITES" 1 "$SITES"
assert_eq "$(grep -c 'does not offer Switch Site' "$WORK/plan_fallback.err")" 1 "the fallback is said once"
assert_contains "$WORK/plan_fallback.err" "note: $FAKE_URL does not offer Switch Site"

log_clear
run_tabhook 0 apply_fallback apply "$WORK/manifests" --parallel 4 -v
assert_contains "$WORK/apply_fallback.out" "$((SITES * 2)) done, 0 failed"
# A sign-in per site to list, then one per site written (the last listed is still signed in).
expect_requests "apply without Switch Site" $((2 * SITES - 1)) 1 $((2 * SITES - 1))
lists_before_writes "apply without Switch Site wrote before every site was listed"
fake_webhooks | python3 -c '
import json, sys
print(sorted((w["site"], w["name"]) for w in json.load(sys.stdin)["webhooks"]))' >"$WORK/without-switch.hooks"
cmp -s "$WORK/with-switch.hooks" "$WORK/without-switch.hooks" ||
    fail "the sites differ with and without Switch Site: $(diff "$WORK/with-switch.hooks" "$WORK/without-switch.hooks")"
run_tabhook 0 replan_fallback plan "$WORK/manifests" --detailed-exitcode
no_sentinel
echo "fleet_shared_token: ok"
