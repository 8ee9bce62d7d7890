#!/usr/bin/env bash
# Fan-out (issue 14, part 1) end to end: the fleet example (docs/examples/fleet: four labelled sites, six
# Webhook declarations with metadata.sites and metadata.siteSelector) against a fake-tableau seeded with
# those four sites and one server administrator's token. validate -v shows each expansion; plan creates one
# webhook per selected site (16); apply creates them with their per-site urls; plan and drift are clean
# afterwards; relabelling a site moves the declarations' webhooks off it (prune: owned deletes them). The
# token's secret is a sentinel that no output may contain.
source "$(dirname "$0")/lib/fake.bash"

SENTINEL="SENTINEL-fanout-secret-$$"
SITES=(finance-eu finance-us hr-eu sales-sandbox)
seed="$(mktemp "${E2E_TMP:-/tmp}/fanout-seed.XXXXXX")"
python3 - "$seed" "$SENTINEL" "${SITES[@]}" <<'PY'
import json, sys
path, sentinel, sites = sys.argv[1], sys.argv[2], sys.argv[3:]
json.dump({"sites": [{"contentUrl": ""}] + [{"contentUrl": s} for s in sites],
           "users": [{"name": "fleetadmin", "siteRole": "SiteAdministratorCreator",
                      "personalAccessTokens": [{"name": "fleet-pat", "secret": sentinel}]}]},
          open(path, "w"))
PY
start_fake --seed "$seed"
source "$(dirname "$0")/lib/tabhook.bash"

: "${TABHOOK_SOURCE_DIR:?source tree}"
cp -r "$TABHOOK_SOURCE_DIR/docs/examples/fleet" "$WORK/fleet"
M="$WORK/fleet"
export TABLEAU_FLEET_SERVER_URL=$FAKE_URL TABLEAU_FLEET_PAT_NAME=fleet-pat TABLEAU_FLEET_PAT_SECRET=$SENTINEL
export SECURITY_HOOK_URL=$FAKE_URL/_fake/receiver/security PRIVACY_HOOK_URL=$FAKE_URL/_fake/receiver/privacy
export DATA_PLATFORM_HOOK_URL=$FAKE_URL/_fake/receiver/data-platform TABHOOK_ALLOWED_SERVERS=$FAKE_URL

# validate -v: where each declaration went, and one webhook per site in the count.
run_tabhook 0 validate validate -v "$M"
assert_contains "$WORK/validate.out" \
    "expanded webhook 'fleet-audit-admin-promoted' at $M/webhooks/security.yaml:7:9 (siteSelector env=prod) to 3 sites: finance-eu, finance-us, hr-eu"
assert_contains "$WORK/validate.out" \
    "expanded webhook 'fleet-privacy-datasource-deleted' at $M/webhooks/security.yaml:30:9 (siteSelector pii=true) to 1 site: hr-eu"
assert_contains "$WORK/validate.out" \
    "expanded webhook 'fleet-datasource-refresh-failed' at $M/webhooks/data-platform.yaml:6:9 (siteSelector {}) to 4 sites: finance-eu, finance-us, hr-eu, sales-sandbox"
assert_contains "$WORK/validate.out" \
    "expanded webhook 'fleet-workbook-refresh-failed' at $M/webhooks/data-platform.yaml:15:9 (siteSelector env notin (sandbox)) to 3 sites: finance-eu, finance-us, hr-eu"
assert_contains "$WORK/validate.out" \
    "expanded webhook 'fleet-finance-workbook-deleted' at $M/webhooks/data-platform.yaml:27:9 (sites [finance-eu, finance-us]) to 2 sites: finance-eu, finance-us"
assert_contains "$WORK/validate.out" "4 sites, 16 webhooks in 6 files: valid"
run_tabhook 0 validate-json validate --format json "$M"
python3 - "$WORK/validate-json.out" "$M" <<'PY' || fail "validate --format json lacks the expansions"
import json, sys
doc, m = json.load(open(sys.argv[1])), sys.argv[2]
e = {x["name"]: x for x in doc["expansions"]}
assert len(e) == 6 and doc["summary"]["webhooks"] == 16, doc
assert e["fleet-finance-workbook-deleted"] == {"name": "fleet-finance-workbook-deleted",
    "file": m + "/webhooks/data-platform.yaml", "line": 27, "column": 9,
    "selection": "sites [finance-eu, finance-us]", "sites": ["finance-eu", "finance-us"]}, e
PY
# Offline resolves ${site.…} too: the same expansion, no environment needed.
env -i PATH="$PATH" "$TABHOOK" validate --offline "$M" >"$WORK/offline.out" 2>&1 || fail "offline: $(cat "$WORK/offline.out")"
assert_contains "$WORK/offline.out" "4 sites, 16 webhooks in 6 files: valid"

# plan: 16 creates, per site as the selectors say.
run_tabhook 2 plan plan "$M" --detailed-exitcode
run_tabhook 2 plan-json plan "$M" --format json --detailed-exitcode
python3 - "$WORK/plan-json.out" <<'PY' || fail "the plan does not create one webhook per selected site"
import json, sys
plan = json.load(open(sys.argv[1]))
got = {s["site"]: sorted(c["name"] for c in s["changes"] if c["action"] == "create") for s in plan["sites"]}
audit = ["fleet-audit-admin-promoted", "fleet-audit-user-deleted"]
refresh = ["fleet-datasource-refresh-failed", "fleet-workbook-refresh-failed"]
want = {
    "finance-eu": sorted(audit + refresh + ["fleet-finance-workbook-deleted"]),
    "finance-us": sorted(audit + refresh + ["fleet-finance-workbook-deleted"]),
    "hr-eu": sorted(audit + refresh + ["fleet-privacy-datasource-deleted"]),
    "sales-sandbox": ["fleet-datasource-refresh-failed"],
}
assert got == want, got
assert sum(len(s["changes"]) for s in plan["sites"]) == 16
PY

# apply: created with the urls substituted per site, each receiver tested.
run_tabhook 0 apply apply "$M"
python3 - "$FAKE_URL" <<'PY' || fail "the webhooks on the server are not the expanded ones"
import json, sys, urllib.request
fake = sys.argv[1]
hooks = json.load(urllib.request.urlopen(fake + "/_fake/webhooks"))["webhooks"]
url = {(w["site"], w["name"]): w["url"] for w in hooks}
r = fake + "/_fake/receiver/"
assert len(url) == 16, sorted(url)
assert url[("finance-eu", "fleet-audit-admin-promoted")] == r + "security/finance-eu"
assert url[("hr-eu", "fleet-audit-user-deleted")] == r + "security/hr-eu"
assert url[("hr-eu", "fleet-privacy-datasource-deleted")] == r + "privacy/eu/hr-eu"
assert url[("sales-sandbox", "fleet-datasource-refresh-failed")] == r + "data-platform/sales"
assert url[("finance-us", "fleet-workbook-refresh-failed")] == r + "data-platform/finance"
assert url[("finance-us", "fleet-finance-workbook-deleted")] == r + "data-platform/finance"
assert ("sales-sandbox", "fleet-audit-admin-promoted") not in url
PY

# Nothing left to do, and no drift.
run_tabhook 0 plan-again plan "$M" --detailed-exitcode
run_tabhook 0 drift drift "$M"

# hr-eu leaves production: the env=prod declarations no longer select it, so their webhooks there are
# undeclared; prune: owned deletes them. Nothing changes on the other sites.
sed -i 's/^    env: prod$/    env: staging/' "$M/sites/hr-eu.yaml"
run_tabhook 2 relabel-plan plan "$M" --format json --detailed-exitcode
python3 - "$WORK/relabel-plan.out" <<'PY' || fail "relabelling hr-eu did not move the selected webhooks off it"
import json, sys
plan = json.load(open(sys.argv[1]))
got = {s["site"]: sorted((c["action"], c["name"]) for c in s["changes"]) for s in plan["sites"]}
assert got == {"finance-eu": [], "finance-us": [], "sales-sandbox": [],
               "hr-eu": [("delete", "fleet-audit-admin-promoted"), ("delete", "fleet-audit-user-deleted")]}, got
PY

# --site limits the plan to that site's share of every declaration.
run_tabhook 0 site-plan plan "$M" --site sales-sandbox --format json --detailed-exitcode
python3 - "$WORK/site-plan.out" <<'PY' || fail "--site sales-sandbox planned other sites"
import json, sys
plan = json.load(open(sys.argv[1]))
assert [s["site"] for s in plan["sites"]] == ["sales-sandbox"], plan["sites"]
assert [w["name"] for w in plan["sites"][0]["unchanged"]] == ["fleet-datasource-refresh-failed"], plan["sites"][0]
PY

for f in "$WORK"/*.out "$WORK"/*.err; do assert_not_contains "$f" "$SENTINEL"; done
echo "fleet_fanout: ok"
