#!/usr/bin/env bash
# drift classifies every difference (missing, changed, disabled on server, duplicate,
# owned-but-undeclared), lists unmanaged webhooks without counting them, and exits 2; 0 once in sync.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
for n in changed disabled duplicate; do add_webhook "$m" marketing "gitops-$n" WorkbookCreated "$FAKE_URL/_fake/receiver/$n"; done
run_tabhook 0 apply apply "$WORK/manifests"
run_tabhook 0 drift0 drift "$WORK/manifests"
assert_contains "$WORK/drift0.out" "No drift"

add_webhook "$m" marketing gitops-missing WorkbookCreated "$FAKE_URL/_fake/receiver/missing"
as_user tabhook-ci tabhook-ci-secret marketing
api_create gitops-owned-extra WorkbookCreated "$FAKE_URL/_fake/receiver/extra" >/dev/null
# A server refusing duplicate names (assumption matrix) cannot have one: drift then has one finding less.
duplicates=1
fake_refuses_duplicates && duplicates=0
[ "$duplicates" = 1 ] && api_create gitops-duplicate WorkbookCreated "$FAKE_URL/_fake/receiver/duplicate" >/dev/null
id=$(api_list | awk -F'\t' '$1 == "gitops-changed" {print $2}')
curl -sf -X PUT "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$id" -H "X-Tableau-Auth: $AS_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"webhook\":{\"name\":\"gitops-changed\",\"event\":\"WorkbookDeleted\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$FAKE_URL/_fake/receiver/changed\"}}}}" >/dev/null
id=$(api_list | awk -F'\t' '$1 == "gitops-disabled" {print $2}')
curl -sf -X PUT "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$id" -H "X-Tableau-Auth: $AS_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"webhook\":{\"name\":\"gitops-disabled\",\"event\":\"WorkbookCreated\",\"isEnabled\":\"false\",\"statusChangeReason\":\"paused by ops\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$FAKE_URL/_fake/receiver/disabled\"}}}}" >/dev/null
as_user alice-pat alice-pat-secret marketing
api_create alice-own WorkbookCreated "$FAKE_URL/_fake/receiver/alice" >/dev/null

run_tabhook 2 drift drift "$WORK/manifests" --format json
python3 - "$WORK/drift.out" "$duplicates" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
duplicates = int(sys.argv[2])
f = {x["name"]: x["classes"] for x in d["sites"][0]["findings"]}
assert f["gitops-missing"] == ["missing"], f
assert f["gitops-changed"] == ["changed"], f
assert f["gitops-disabled"] == ["disabled-on-server"], f
assert f.get("gitops-duplicate") == (["duplicate"] if duplicates else None), f
assert f["gitops-owned-extra"] == ["owned-but-undeclared"], f
assert [u["name"] for u in d["sites"][0]["unmanaged"]] == ["alice-own"], d
assert d["drift"] == 4 + duplicates
PY
run_tabhook 2 drift-text drift "$WORK/manifests"
assert_contains "$WORK/drift-text.out" "disabled on server: paused by ops"
run_tabhook 0 heal apply "$WORK/manifests"
run_tabhook 0 drift-after drift "$WORK/manifests"
echo "drift_classes: ok"
