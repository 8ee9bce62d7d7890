#!/usr/bin/env bash
# SIGTERM in the middle of an apply with 200 pending operations: no new operation starts, requests in
# flight finish, the report says what was done, the exit code is 130; the next apply converges.
source "$(dirname "$0")/lib/fake.bash"
start_fake --latency 25
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
for i in $(seq 1 200); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/r$i"; done

"$TABHOOK" apply "$WORK/manifests" --parallel 2 >"$WORK/apply.out" 2>"$WORK/apply.err" &
pid=$!
# Wait until some webhooks exist, then interrupt.
for _ in $(seq 1 200); do
  [ "$(api_list | wc -l)" -ge 5 ] && break
  sleep 0.05
done
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
assert_eq "$rc" 130 "exit code after SIGTERM"
assert_contains "$WORK/apply.out" "interrupted: operations not started were skipped"
created=$(api_list | wc -l | tr -d ' ')
[ "$created" -lt 200 ] || fail "the interrupted apply started every operation ($created created)"
done_count=$(grep -c ": + created gitops-.* (id" "$WORK/apply.out" || true)
assert_eq "$done_count" "$created" "webhooks reported created vs present on the site"

run_tabhook 0 apply2 apply "$WORK/manifests" --parallel 8 --test none
assert_eq "$(api_list | wc -l | tr -d ' ')" 200 "webhooks after the second apply"
run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
echo "apply_interrupted: ok"
