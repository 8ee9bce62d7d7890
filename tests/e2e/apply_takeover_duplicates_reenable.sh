#!/usr/bin/env bash
# A declared name claims the name whoever owns the webhook (the plan says "takes over"); of several
# webhooks with one declared name the matching one is kept and the others deleted; a declared-enabled
# webhook found disabled is re-enabled in place and tested.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

as_user alice-pat alice-pat-secret marketing
alice_id=$(api_create gitops-taken WorkbookCreated "$FAKE_URL/_fake/receiver/alice")
dup_a=$(api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup")
dup_b=$dup_a
if ! fake_refuses_duplicates; then # a server refusing duplicate names (assumption matrix) cannot have them
  api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup-other" >/dev/null
  dup_b=$(api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup")
fi
# The keeper rule (plan/keeper.hpp): of the matching ones, the oldest by createdAt, then the smallest id.
# fake-tableau's API sends no createdAt (as real responses show none), so the smaller id is kept.
keep_id=$(printf '%s\n' "$dup_a" "$dup_b" | LC_ALL=C sort | head -n1)
off_id=$(api_create gitops-off WorkbookCreated "$FAKE_URL/_fake/receiver/off" false)

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-taken WorkbookCreated "$FAKE_URL/_fake/receiver/mine"
add_webhook "$m" marketing gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup"
add_webhook "$m" marketing gitops-off WorkbookCreated "$FAKE_URL/_fake/receiver/off"

run_tabhook 0 plan plan "$WORK/manifests"
assert_contains "$WORK/plan.out" "takes over a webhook owned by alice"
assert_contains "$WORK/plan.out" "(re-enable in place)"
run_tabhook 0 apply apply "$WORK/manifests"
assert_eq "$(api_count_named gitops-taken)" 1 "gitops-taken count"
assert_eq "$(api_count_named gitops-dup)" 1 "gitops-dup count"
api_list | awk -F'\t' '$1 == "gitops-dup"' | grep -q "$keep_id" || fail "the keeper rule's matching duplicate is kept"
api_list | awk -F'\t' '$1 == "gitops-taken"' | grep -q "$alice_id" && fail "the taken-over webhook was replaced"
line=$(api_list | awk -F'\t' '$1 == "gitops-off"')
echo "$line" | grep -q "$off_id" || fail "re-enabled in place keeps the id"
assert_eq "$(echo "$line" | cut -f5)" true "gitops-off enabled"
assert_contains "$WORK/apply.out" "gitops-off  http"
run_tabhook 0 plan2 plan "$WORK/manifests" --detailed-exitcode
echo "apply_takeover_duplicates_reenable: ok"
