#!/usr/bin/env bash
# suspend: true. plan shows the site and its changes but they are not pending (apply will not make
# them: --detailed-exitcode 0, has_changes false); apply and test leave it alone without signing in,
# and say so under the site's real heading; another site's changes are still pending and applied.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

write_site "$WORK/manifests/marketing.yaml" marketing marketing "  suspend: true"
add_webhook "$WORK/manifests/marketing.yaml" marketing gitops-paused WorkbookCreated "$FAKE_URL/_fake/receiver/p"
write_site "$WORK/manifests/default.yaml" default ""

run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
assert_contains "$WORK/plan.out" "site marketing ($FAKE_URL, contentUrl \"marketing\")  [suspended: apply leaves it alone]"
assert_contains "$WORK/plan.out" "+ gitops-paused"
assert_contains "$WORK/plan.out" "Suspended sites are not counted."
run_tabhook 0 plan-json plan "$WORK/manifests" --format json
json_assert "$WORK/plan-json.out" "plan --format json: a suspended site's changes counted as pending" '
assert site("marketing")["suspended"] and site("marketing")["summary"]["create"] == 1, p
assert p["has_changes"] is False and p["summary"]["create"] == 0, p'

log_clear
run_tabhook 0 apply apply "$WORK/manifests"
assert_contains "$WORK/apply.out" "site marketing ($FAKE_URL, contentUrl \"marketing\")  [suspended: apply leaves it alone]"
assert_eq "$(log_writes)" 0 "writes to a suspended site"
assert_eq "$(api_count_named gitops-paused)" 0 "webhooks created on a suspended site"
run_tabhook 0 test test "$WORK/manifests"
assert_contains "$WORK/test.out" "Receiver tests: 0 receivers reported 2xx by Tableau's test, 0 failed"
assert_not_contains "$WORK/test.out" "Apply:"
# No sign-in to the suspended site by apply or test.
signins=$(log_json | python3 -c '
import json, sys
print(" ".join(r["site"] or "(default)" for r in json.load(sys.stdin)["requests"] if r["path"].endswith("/auth/signin")))')
assert_eq "$signins" "(default) (default)" "sites signed in to by apply and test"

# Another site's change is pending and applied; the suspended one still is not.
add_webhook "$WORK/manifests/default.yaml" default gitops-live WorkbookCreated "$FAKE_URL/_fake/receiver/l"
run_tabhook 2 plan-mixed plan "$WORK/manifests" --detailed-exitcode
run_tabhook 0 apply-mixed apply "$WORK/manifests"
assert_eq "$(api_list "" | awk -F'\t' '$1 == "gitops-live"' | wc -l | tr -d ' ')" 1 "the other site's webhook"
assert_eq "$(api_count_named gitops-paused)" 0 "webhooks created on a suspended site"
echo "apply_suspended: ok"
