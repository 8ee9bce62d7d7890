#!/usr/bin/env bash
# apply reports as it goes, with stdout to a file: the plan is in the file before the first write and
# each outcome as soon as it completes; the first SIGINT says at once how many operations are in flight;
# the second exits 130 without waiting for them, and the file still says which operations were done and
# which were in flight (they may or may not have happened). Timing-robust: the creates in flight are held
# by a fault for minutes, and every wait polls with a generous bound.
source "$(dirname "$0")/lib/fake.bash"
start_fake --latency 100
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
for i in $(seq 1 300); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/r$i"; done

# wait_until SECONDS COMMAND...: polls COMMAND until it succeeds; false after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}
created_lines() { grep -c '^site marketing: + created gitops-[0-9]* (id ' "$WORK/apply.out" || true; }
at_least_3_created() { [ "$(created_lines)" -ge 3 ]; }
fault_hits() { curl -fsS "$FAKE_URL/_fake/faults" | python3 -c 'import json,sys; print(sum(f["hits"] for f in json.load(sys.stdin)["faults"]))'; }
both_workers_held() { [ "$(fault_hits)" -ge 2 ]; }
stopping_said() { grep -q "stopping: " "$WORK/apply.err"; }
exited() { ! kill -0 "$pid" 2>/dev/null; }

"$TABHOOK" apply "$WORK/manifests" --parallel 2 --test none --request-timeout-ms 600000 \
  >"$WORK/apply.out" 2>"$WORK/apply.err" &
pid=$!
trap 'kill -KILL $pid 2>/dev/null || true; stop_fake' EXIT

# Results as they happen: the plan and the first outcomes are in the file while the apply runs (300
# creates at 100 ms each, two at a time, take 15 s at the very least).
wait_until 120 at_least_3_created || { cat "$WORK/apply.out" "$WORK/apply.err" >&2; fail "no outcome in the file while the apply runs"; }
kill -0 "$pid" || fail "the apply ended before its output was checked"
assert_contains "$WORK/apply.out" "Plan: 300 to create, 0 to replace, 0 to update, 0 to delete."
plan_line=$(grep -n 'Plan: 300 to create' "$WORK/apply.out" | head -1 | cut -d: -f1)
first_outcome=$(grep -n '^site marketing: + created' "$WORK/apply.out" | head -1 | cut -d: -f1)
[ "$plan_line" -lt "$first_outcome" ] || fail "the plan was not printed before the first outcome"

# Hold every further create for ten minutes, and wait until both workers are in one.
fake_fault '{"kind":"latency","method":"POST","path":"/api/*/sites/*/webhooks","latency_ms":600000,"count":-1}' >/dev/null
wait_until 120 both_workers_held || fail "the workers never reached the held creates"

kill -INT "$pid"
wait_until 60 stopping_said || fail "the first SIGINT said nothing"
assert_contains "$WORK/apply.err" "stopping: 2 operations in flight, press Ctrl-C again to abandon them"
sleep 1
kill -0 "$pid" || fail "the apply ended after one SIGINT while creates were in flight"

kill -INT "$pid"
wait_until 60 exited || fail "the second SIGINT did not end the apply"
rc=0
wait "$pid" || rc=$?
assert_eq "$rc" 130 "exit code after the second SIGINT"

# What is known is in the file: the creates done (one line each, and as many as the site holds: the
# held creates have not happened yet), the two in flight, and the rest not started.
done_count=$(created_lines)
on_site=$(api_list | wc -l | tr -d ' ')
assert_eq "$done_count" "$on_site" "creates reported done vs webhooks on the site"
in_flight=$(grep -c '^  site marketing: + create gitops-[0-9]*$' "$WORK/apply.out" || true)
assert_eq "$in_flight" 2 "creates reported in flight"
assert_contains "$WORK/apply.out" "abandoned at the second interrupt: $done_count done, 0 failed (each listed above), 2 in flight, $((300 - done_count - 2)) not started"
assert_contains "$WORK/apply.out" "in flight, so they may or may not have happened"
assert_contains "$WORK/apply.err" "tabhook: abandoned 2 operations in flight"
# Neither in flight create is also reported done.
for name in $(grep '^  site marketing: + create gitops-' "$WORK/apply.out" | awk '{print $NF}'); do
  ! grep -q "^site marketing: + created $name (id" "$WORK/apply.out" || fail "$name is reported both done and in flight"
done
assert_not_contains "$WORK/apply.out" "tabhook-ci-secret"
# Not a terminal: no progress line.
assert_not_contains "$WORK/apply.err" "creating"
echo "apply_live_output: ok ($done_count done before the interrupt)"
