#!/usr/bin/env bash
# apply --plan executes a saved plan only while the manifests and the site still match it; otherwise
# it refuses with exit 1 and applies nothing.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
run_tabhook 0 apply0 apply "$WORK/manifests"
add_webhook "$m" marketing gitops-b WorkbookCreated "$FAKE_URL/_fake/receiver/b"

# 1. Someone changes a declared webhook between plan and apply: refused.
run_tabhook 0 plan1 plan "$WORK/manifests" --out "$WORK/plan1.json"
as_user alice-pat alice-pat-secret marketing
api_create gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/alice" >/dev/null
log_clear
run_tabhook 1 apply1 apply "$WORK/manifests" --plan "$WORK/plan1.json"
assert_contains "$WORK/apply1.err" "refusing the saved plan"
writes=$(log_writes)
assert_eq "$writes" 0 "writes after a refused saved plan"

# 2. The manifests change after the plan: refused.
run_tabhook 0 plan2 plan "$WORK/manifests" --out "$WORK/plan2.json"
sed -i 's#/_fake/receiver/b#/_fake/receiver/b2#' "$m"
run_tabhook 1 apply2 apply "$WORK/manifests" --plan "$WORK/plan2.json"

# 3. Nothing changed: the saved plan is executed.
run_tabhook 0 plan3 plan "$WORK/manifests" --out "$WORK/plan3.json"
run_tabhook 0 apply3 apply "$WORK/manifests" --plan "$WORK/plan3.json"
run_tabhook 0 plan4 plan "$WORK/manifests" --detailed-exitcode
# A file that is not a plan is refused too.
echo '{"kind": "something-else"}' >"$WORK/bogus.json"
run_tabhook 1 apply-bogus apply "$WORK/manifests" --plan "$WORK/bogus.json"
echo "apply_saved_plan: ok"
