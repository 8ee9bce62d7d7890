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
keep_id=$dup_a
# The keeper rule (plan/keeper.hpp): of the matching ones, the oldest by createdAt, then the smallest id.
# By default fake-tableau's API sends no createdAt (as real responses show none), so the smaller id is
# kept; under --created-at present the older one (createdAt has whole seconds: dup_b comes a second later,
# so the age decides whatever the ids are). A server refusing duplicate names (assumption matrix) cannot
# have duplicates at all.
if ! fake_refuses_duplicates; then
  api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup-other" >/dev/null
  if [ "$(profile_value created-at)" = present ]; then
    sleep 1.1
    dup_b=$(api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup")
  else
    dup_b=$(api_create gitops-dup WorkbookCreated "$FAKE_URL/_fake/receiver/dup")
    keep_id=$(printf '%s\n' "$dup_a" "$dup_b" | LC_ALL=C sort | head -n1)
  fi
fi
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
assert_contains "$WORK/apply.out" "site marketing: tested gitops-off: "
run_tabhook 0 plan2 plan "$WORK/manifests" --detailed-exitcode
echo "apply_takeover_duplicates_reenable: ok"
