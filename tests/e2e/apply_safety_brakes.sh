#!/usr/bin/env bash
# Safety brakes: a site declaring nothing is not pruned without --allow-empty; deleting more than half
# (and more than 3) of the managed webhooks needs --allow-mass-delete. Refusals exit 3 and change nothing.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
for i in 1 2 3 4 5; do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/$i"; done
run_tabhook 0 apply0 apply "$WORK/manifests" --test none

write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-1 WorkbookCreated "$FAKE_URL/_fake/receiver/1"
run_tabhook 3 mass apply "$WORK/manifests"
assert_contains "$WORK/mass.err" "mass-delete"
as_user tabhook-ci tabhook-ci-secret marketing
assert_eq "$(api_list | wc -l | tr -d ' ')" 5 "webhooks after a refused mass delete"
run_tabhook 0 plan-shows plan "$WORK/manifests"
assert_contains "$WORK/plan-shows.out" "refused by safety brake mass-delete"

write_site "$m" marketing marketing "  prune: owned"
run_tabhook 3 empty apply "$WORK/manifests" --allow-mass-delete
assert_contains "$WORK/empty.err" "empty-site"
assert_eq "$(api_list | wc -l | tr -d ' ')" 5 "webhooks after a refused empty prune"

run_tabhook 0 allowed apply "$WORK/manifests" --allow-mass-delete --allow-empty
assert_eq "$(api_list | wc -l | tr -d ' ')" 0 "webhooks after an allowed prune"
echo "apply_safety_brakes: ok"
