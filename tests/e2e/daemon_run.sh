#!/usr/bin/env bash
# tabhook run against fake-tableau under a test NOTIFY_SOCKET: READY, STATUS, WATCHDOG and STOPPING reach
# the socket; drift made behind the daemon's back by another account shows in the log, the --report file
# and /metrics (without a secret); SIGHUP reloads; a second instance refuses to start; SIGTERM exits 0
# quickly; in enforce mode the drift is healed, and a webhook whose receiver is dead is re-enabled at most
# once per --reenable-interval.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"

# A datagram listener standing in for systemd: one line per message, newlines inside shown as '|'.
python3 - "$WORK/notify.sock" "$WORK/notify.log" <<'PY' &
import socket, sys, time
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
sock.settimeout(1.0)
end = time.time() + 240
with open(sys.argv[2], "a", buffering=1) as out:
    while time.time() < end:
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        out.write(data.decode().replace("\n", "|") + "\n")
PY
EXIT_PIDS+=($!)
wait_for 5 "the notify listener" 'test -S "$WORK/notify.sock"'
touch "$WORK/notify.log"

mkdir -p "$WORK/run"
export RUNTIME_DIRECTORY="$WORK/run"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
add_webhook "$m" marketing gitops-b WorkbookDeleted "$FAKE_URL/_fake/receiver/b"
run_tabhook 0 apply apply "$WORK/manifests"

# start_daemon NAME ARGS...: runs tabhook run in the background with the test NOTIFY_SOCKET; sets
# DAEMON_PID and METRICS (the /metrics URL, from the port it logs).
start_daemon() {
  local name=$1
  shift
  : >"$WORK/notify.log"
  NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=400000 \
    "$TABHOOK" run "$WORK/manifests" --listen 127.0.0.1:0 --report "$WORK/report.json" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  DAEMON_PID=$!
  ln -sf "$WORK/$name.err" "$WORK/daemon.err"
  wait_for 10 "READY=1 from $name" 'grep -qx READY=1 "$WORK/notify.log"'
  local addr
  addr=$(listen_addr)
  [ -n "$addr" ] || fail "the daemon did not log its listen address"
  METRICS="http://$addr"
}

metric() { curl -sf --max-time 2 "$METRICS/metrics" | awk -v k="$1" '$1 == k {print $2}'; }
report_drift() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["drift"])' "$WORK/report.json" 2>/dev/null; }

# --- observe ---------------------------------------------------------------------------------------
start_daemon observe --interval 300ms
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "$METRICS/healthz")" 200 "/healthz"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "$METRICS/readyz")" 200 "/readyz after the first cycle"
wait_for 5 "STATUS" 'grep -q "^STATUS=observe: 1 site(s), 0 drift finding(s)" "$WORK/notify.log"'
wait_for 5 "WATCHDOG=1" 'grep -qx WATCHDOG=1 "$WORK/notify.log"'
assert_eq "$(report_drift)" 0 "drift in the report before the change"
assert_eq "$(metric 'tabhook_up')" 1 "tabhook_up"

# A second instance on the same manifests refuses to start.
run_tabhook 1 second run "$WORK/manifests" --once
assert_contains "$WORK/second.err" "already running"
# Nor can another daemon (other manifests) take its --listen port: scrapes would alternate between them.
mkdir -p "$WORK/other-manifests"
cp "$WORK/manifests/"*.yaml "$WORK/other-manifests/"
addr=${METRICS#http://}
RUNTIME_DIRECTORY="$WORK" run_tabhook 1 same-port run "$WORK/other-manifests" --once --listen "$addr"
assert_contains "$WORK/same-port.err" "cannot listen on $addr"

# Alice changes the site behind the daemon's back: gitops-a points elsewhere, gitops-b is deleted.
as_user alice-pat alice-pat-secret marketing
id_a=$(api_list | awk -F'\t' '$1 == "gitops-a" {print $2}')
id_b=$(api_list | awk -F'\t' '$1 == "gitops-b" {print $2}')
curl -sf -X PUT "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$id_a" -H "X-Tableau-Auth: $AS_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"webhook\":{\"name\":\"gitops-a\",\"event\":\"WorkbookCreated\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$FAKE_URL/_fake/receiver/alice-secret-path\"}}}}" >/dev/null
curl -sf -X DELETE "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$id_b" -H "X-Tableau-Auth: $AS_TOKEN" >/dev/null

wait_for 10 "the drift in the log" 'grep -q "msg=drift site=marketing webhook=gitops-b class=missing" "$WORK/observe.err"'
assert_contains "$WORK/observe.err" "msg=drift site=marketing webhook=gitops-a id=$id_a class=changed repair=replace reason=\"url changed: "
wait_for 5 "the drift in the report" '[ "$(report_drift)" = 2 ]'
wait_for 5 "the drift in /metrics" '[ "$(metric "tabhook_drift{site=\"marketing\",class=\"missing\"}")" = 1 ]'
assert_eq "$(metric 'tabhook_drift{site="marketing",class="changed"}')" 1 "changed drift in /metrics"
curl -sf "$METRICS/metrics" >"$WORK/metrics.txt"
assert_contains "$WORK/metrics.txt" 'tabhook_last_successful_reconcile_timestamp_seconds{site="marketing"}'
assert_contains "$WORK/metrics.txt" 'tabhook_api_requests_total{site="marketing",method="GET",status="200"}'
assert_contains "$WORK/metrics.txt" 'tabhook_cycle_duration_seconds '
wait_for 5 "STATUS with the drift" 'grep -q "^STATUS=observe: 1 site(s), 2 drift finding(s)" "$WORK/notify.log"'
# Observe mode never writes.
as_user alice-pat alice-pat-secret marketing
assert_eq "$(api_count_named gitops-b)" 0 "observe mode left the site alone"

# SIGHUP: RELOADING with MONOTONIC_USEC, a cycle at once, READY again.
kill -HUP "$DAEMON_PID"
wait_for 5 "RELOADING=1" 'grep -q "^RELOADING=1|MONOTONIC_USEC=[0-9]*\$" "$WORK/notify.log"'
wait_for 5 "READY=1 after the reload" '[ "$(grep -cx READY=1 "$WORK/notify.log")" -ge 2 ]'
assert_contains "$WORK/observe.err" 'msg="reloading: re-reading the manifests and the sites"'

stop_daemon 5
grep -qx 'STOPPING=1' "$WORK/notify.log" || fail "no STOPPING=1"
for f in "$WORK/observe.err" "$WORK/report.json" "$WORK/metrics.txt" "$WORK/notify.log"; do
  assert_not_contains "$f" "tabhook-ci-secret"
  assert_not_contains "$f" "alice-secret-path"
  assert_not_contains "$f" "/_fake/receiver/"
done

# --- enforce: the drift is healed ----------------------------------------------------------------------
start_daemon enforce --mode enforce --interval 300ms
wait_for 10 "a cycle without drift" 'grep -q "msg=cycle n=[0-9]* mode=enforce sites=1 drift=0 errors=0" "$WORK/enforce.err"'
as_user alice-pat alice-pat-secret marketing
assert_eq "$(api_count_named gitops-b)" 1 "gitops-b re-created"
assert_eq "$(api_list | awk -F'\t' '$1 == "gitops-a" {print $4}')" "$FAKE_URL/_fake/receiver/a" "gitops-a's url restored"
wait_for 5 "no drift in the report" '[ "$(report_drift)" = 0 ]'
wait_for 5 "no drift in /metrics" '[ "$(metric "tabhook_drift{site=\"marketing\",class=\"missing\"}")" = 0 ]'
stop_daemon 5

# --- enforce: a dead receiver does not cause a re-enable loop -----------------------------------------
add_webhook "$m" marketing gitops-dead WorkbookCreated "$FAKE_URL/_fake/receiver/dead?status=500" true best-effort
start_daemon dead --mode enforce --interval 200ms --reenable-interval 1h
wait_for 10 "gitops-dead created" '[ "$(api_count_named gitops-dead)" = 1 ]'
id_dead=$(api_list | awk -F'\t' '$1 == "gitops-dead" {print $2}')
wait_for 5 "a cycle after the create" 'grep -q "msg=cycle n=[0-9]* mode=enforce sites=1 drift=0" "$WORK/dead.err"'
log_clear
fake_disable "$id_dead" "receiver keeps failing" >/dev/null
wait_for 10 "the re-enable" 'grep -q "msg=applied site=marketing webhook=gitops-dead action=re-enable result=done" "$WORK/dead.err"'
# Tableau disables it again (the receiver is still dead); the daemon must not re-enable it again.
id_dead=$(api_list | awk -F'\t' '$1 == "gitops-dead" {print $2}')
fake_disable "$id_dead" "receiver keeps failing" >/dev/null
wait_for 10 "the suppressed re-enable" 'grep -q "re-enable suppressed.* site=marketing webhook=gitops-dead" "$WORK/dead.err"'
cycles_before=$(grep -c 'msg=cycle ' "$WORK/dead.err")
# Five 200 ms cycles; the bound is generous because a sanitized build beside other tests on two cores has
# been seen to take 6 s for one cycle.
wait_for 60 "five more cycles" '[ "$(grep -c "msg=cycle " "$WORK/dead.err")" -ge $((cycles_before + 5)) ]'
writes=$(log_writes)
[ "$writes" -le 1 ] || { log_json >&2; fail "$writes webhook writes within the re-enable interval, expected at most 1"; }
[ "$(metric 'tabhook_reenable_suppressed_total{site="marketing"}')" -ge 5 ] || fail "tabhook_reenable_suppressed_total below 5"
assert_eq "$(api_list | awk -F'\t' '$1 == "gitops-dead" {print $5}')" false "gitops-dead left disabled"
grep -q '^STATUS=enforce: .*re-enable(s) suppressed' "$WORK/notify.log" || fail "STATUS does not mention the suppressed re-enable"
stop_daemon 5
echo "daemon_run: ok"
