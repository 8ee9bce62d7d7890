#!/usr/bin/env bash
# apply makes the site match and tests what it changed; then plan shows nothing and a second apply
# sends no write at all.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
for i in 1 2 3 4 5; do add_webhook "$m" marketing "gitops-$i" DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/r$i"; done
add_webhook "$m" marketing gitops-alias datasource-refresh-failed "$FAKE_URL/_fake/receiver/alias"

run_tabhook 0 apply1 apply "$WORK/manifests" --audit-log "$WORK/audit.jsonl"
assert_contains "$WORK/apply1.out" "6 done, 0 failed"
if [ -z "$(profile_test_answer)" ]; then
  assert_contains "$WORK/apply1.out" "6 receivers reported 2xx by Tableau's test, 0 failed"
else # no test can pass under this test-result profile: all 6 fail, as Tableau reported
  assert_contains "$WORK/apply1.out" "0 receivers reported 2xx by Tableau's test, 6 failed (6 of them required)"
  assert_eq "$(grep -F "$(profile_test_answer)" "$WORK/apply1.out" | grep -o 'gitops-[a-z0-9]*' | sort -u | wc -l | tr -d ' ')" 6 \
    "webhooks whose test reports what the profile says"
fi
as_user tabhook-ci tabhook-ci-secret marketing
assert_eq "$(api_list | wc -l | tr -d ' ')" 6 "webhooks after apply"
assert_eq "$(grep -c '"action":"create"' "$WORK/audit.jsonl")" 6 "audited creates"
assert_eq "$(grep -c '"action":"test"' "$WORK/audit.jsonl")" 6 "audited tests"

run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
assert_contains "$WORK/plan.out" "No changes."
log_clear
run_tabhook 0 apply2 apply "$WORK/manifests"
writes=$(log_writes)
assert_eq "$writes" 0 "writes sent by the second apply"
echo "apply_is_idempotent: ok"
