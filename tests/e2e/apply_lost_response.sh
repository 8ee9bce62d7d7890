#!/usr/bin/env bash
# A create whose response is lost although the webhook was created: apply lists again, adopts it, and
# the site ends with exactly one webhook per name; a second apply changes nothing.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
add_webhook "$m" marketing gitops-b WorkbookCreated "$FAKE_URL/_fake/receiver/b"
curl -sf -X POST "$FAKE_URL/_fake/faults" -H 'Content-Type: application/json' \
  -d '{"kind": "lose_response", "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 2}' >/dev/null

run_tabhook 0 apply apply "$WORK/manifests" --parallel 1 --request-timeout-ms 5000
assert_contains "$WORK/apply.out" "the webhook it created was found and adopted"
assert_eq "$(api_count_named gitops-a)" 1 "webhooks named gitops-a"
assert_eq "$(api_count_named gitops-b)" 1 "webhooks named gitops-b"
assert_contains "$WORK/apply.out" "2 receivers reported 2xx by Tableau's test, 0 failed"
log_clear
run_tabhook 0 apply2 apply "$WORK/manifests"
assert_eq "$(log_writes)" 0 "writes by the second apply"
echo "apply_lost_response: ok"
