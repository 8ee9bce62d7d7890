#!/usr/bin/env bash
# A plan of one site costs serverinfo + sign-in + one list + sign-out, however many webhooks it has.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
for n in 10 60; do
  write_site "$m" marketing marketing
  for i in $(seq 1 "$n"); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/$i"; done
  log_clear
  run_tabhook 0 "plan-$n" plan "$WORK/manifests"
  count=$(log_count)
  assert_eq "$count" 4 "requests for a plan of $n webhooks"
done
echo "plan_request_economy: ok"
