#!/usr/bin/env bash
# plan is read-only: whatever the difference between manifests and site, it sends no write, and its
# changes show in text, JSON and markdown.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

as_user alice-pat alice-pat-secret marketing
api_create gitops-stale WorkbookCreated "$FAKE_URL/_fake/receiver/stale" >/dev/null
api_create gitops-moved WorkbookCreated "$FAKE_URL/_fake/receiver/old" >/dev/null
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: all"
add_webhook "$m" marketing gitops-new DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/new"
add_webhook "$m" marketing gitops-moved WorkbookCreated "$FAKE_URL/_fake/receiver/new-place"
log_clear

run_tabhook 2 plan-text plan "$WORK/manifests" --detailed-exitcode
assert_contains "$WORK/plan-text.out" "+ gitops-new"
assert_contains "$WORK/plan-text.out" "-/+ gitops-moved"
assert_contains "$WORK/plan-text.out" "- gitops-stale"
assert_contains "$WORK/plan-text.out" "takes over a webhook owned by alice"
run_tabhook 0 plan-json plan "$WORK/manifests" --format json
python3 - "$WORK/plan-json.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format_version"] == "1", d
s = d["summary"]
assert (s["create"], s["replace"], s["delete"]) == (1, 1, 1), s
PY
run_tabhook 0 plan-md plan "$WORK/manifests" --format markdown
assert_contains "$WORK/plan-md.out" "[!WARNING]"

writes=$(log_writes)
assert_eq "$writes" 0 "writes sent by plan"
echo "plan_never_writes: ok"
