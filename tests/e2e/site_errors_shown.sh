#!/usr/bin/env bash
# A site that cannot be read (here: a wrong PAT secret) is shown as such in every format of plan, drift,
# test and apply, so a pull-request comment built from standard output never reads "No changes" for it;
# the other site is still planned, and the exit code is 1.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

write_site "$WORK/manifests/marketing.yaml" marketing marketing
add_webhook "$WORK/manifests/marketing.yaml" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
write_password_site "$WORK/manifests/default.yaml" broken "" admin WRONG_PASSWORD
export WRONG_PASSWORD=not-the-password

run_tabhook 1 plan plan "$WORK/manifests"
assert_contains "$WORK/plan.out" "error: POST /api/3.24/auth/signin"
assert_contains "$WORK/plan.out" "1 site(s) could not be read: this plan is incomplete."
assert_contains "$WORK/plan.out" "+ gitops-a"
run_tabhook 1 plan-md plan "$WORK/manifests" --format markdown
assert_contains "$WORK/plan-md.out" "1 site(s) could not be read: this plan is incomplete."
assert_contains "$WORK/plan-md.out" '| `broken` |'
assert_not_contains "$WORK/plan-md.out" "No changes."
run_tabhook 1 plan-json plan "$WORK/manifests" --format json
json_assert "$WORK/plan-json.out" "plan --format json does not show the unread site" '
assert p["unread_sites"] == 1, p
assert "401001" in site("broken")["error"], p'
run_tabhook 1 drift drift "$WORK/manifests"
assert_contains "$WORK/drift.out" "site broken: error:"
assert_contains "$WORK/drift.out" "1 of 2 site(s) could not be read"
run_tabhook 1 drift-md drift "$WORK/manifests" --format markdown
assert_contains "$WORK/drift-md.out" 'could not be read: `broken`'
run_tabhook 1 test test "$WORK/manifests" --site broken
assert_contains "$WORK/test.out" "error:"
run_tabhook 1 apply apply "$WORK/manifests"
assert_contains "$WORK/apply.out" "error:"
assert_eq "$(api_count_named gitops-a)" 1 "the readable site is still applied"
# Now the readable site is in sync: still no output says "No changes." while the other one is unknown.
run_tabhook 1 plan-synced plan "$WORK/manifests"
assert_not_contains "$WORK/plan-synced.out" "No changes."
assert_contains "$WORK/plan-synced.out" "Nothing to change in the sites read. 1 site(s) could not be read"
run_tabhook 1 plan-synced-md plan "$WORK/manifests" --format markdown
assert_not_contains "$WORK/plan-synced-md.out" "No changes."
run_tabhook 1 apply-synced apply "$WORK/manifests"
assert_not_contains "$WORK/apply-synced.out" "No changes."
assert_contains "$WORK/apply-synced.out" "1 site(s) could not be read: nothing was done there."
run_tabhook 1 test-all test "$WORK/manifests" --format markdown
assert_contains "$WORK/test-all.out" "1 site(s) could not be read"
assert_not_contains "$WORK/plan.out" "not-the-password"
echo "site_errors_shown: ok"
