#!/usr/bin/env bash
# tabhook run under trouble: SIGTERM during a slow request lets that request finish, starts nothing new,
# signs out and exits 0 within a few seconds; a site that keeps failing is retried with growing backoff,
# not every interval, while /healthz stays 200; SIGHUP retries at once.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"
cycles() {
  local n
  n=$(grep -c "msg=cycle " "$WORK/daemon.err" 2>/dev/null) || true
  echo "${n:-0}"
}
lists() {  # list requests in the fake's log
  log_json | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["method"] == "GET" and r["path"].endswith("/webhooks")))'
}
active_sessions() {
  fake_sessions | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d if isinstance(d, list) else d.get("sessions", [])
print(sum(1 for s in items if s.get("active") and s.get("pat") == "tabhook-ci"))'
}

export RUNTIME_DIRECTORY="$WORK"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
run_tabhook 0 apply apply "$WORK/manifests"

# --- SIGTERM during a slow list ----------------------------------------------------------------------
"$TABHOOK" run "$WORK/manifests" --interval 200ms --listen 127.0.0.1:0 2>"$WORK/daemon.err" &
DAEMON_PID=$!
wait_for 10 "two cycles" '[ "$(cycles)" -ge 2 ]'
assert_eq "$(active_sessions)" 1 "the daemon's one kept session"
fake_fault '{"kind":"latency","method":"GET","path":"/api/*/sites/*/webhooks","latency_ms":2500,"count":-1}' >/dev/null
before=$(cycles)
sleep 1  # the next cycle's list (200 ms away) is now waiting in the fake
log_clear
stop_daemon 4
[ "$(cycles)" -le $((before + 1)) ] || fail "cycles started after SIGTERM"
assert_eq "$(lists)" 1 "list requests after SIGTERM: the one in flight only"
log_json | python3 -c '
import json, sys
rs = json.load(sys.stdin)["requests"]
lst = [r for r in rs if r["method"] == "GET" and r["path"].endswith("/webhooks")]
assert lst and lst[0]["status"] == 200, rs  # the request in flight finished
assert any(r["path"].endswith("/auth/signout") for r in rs), rs  # and the session was signed out
' || fail "the request in flight did not finish, or no sign-out"
assert_eq "$(active_sessions)" 0 "sessions left after the stop"
assert_contains "$WORK/daemon.err" "msg=stopped exit=0"
fake_clear_faults >/dev/null

# --- backoff while a site keeps failing --------------------------------------------------------------
fake_fault '{"kind":"error","method":"GET","path":"/api/*/sites/*/webhooks","status":503,"count":-1}' >/dev/null
"$TABHOOK" run "$WORK/manifests" --interval 200ms --retry-attempts 1 --listen 127.0.0.1:0 2>"$WORK/daemon.err" &
DAEMON_PID=$!
wait_for 10 "the first failed cycle" 'grep -q "msg=\"list failed\" site=marketing" "$WORK/daemon.err"'
log_clear
sleep 3
# Without backoff, 3 s at 200 ms would be ~15 cycles; with it (0.2, 0.4, 0.8, 1.6 s ...) at most 5.
n=$(lists)
[ "$n" -le 5 ] || fail "$n list requests in 3 s of failures: no backoff"
[ "$n" -ge 1 ] || fail "no retry in 3 s"
addr=$(listen_addr)
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/healthz")" 200 "/healthz while the site fails"
curl -sf "http://$addr/metrics" >"$WORK/metrics.txt"
assert_contains "$WORK/metrics.txt" 'tabhook_site_up{site="marketing"} 0'
assert_contains "$WORK/metrics.txt" 'tabhook_api_requests_total{site="marketing",method="GET",status="503"}'
# The site recovers; SIGHUP retries at once instead of waiting out the backoff.
fake_clear_faults >/dev/null
kill -HUP "$DAEMON_PID"
wait_for 3 "a good cycle after SIGHUP" 'grep -q "msg=cycle n=[0-9]* mode=observe sites=1 drift=0 errors=0" "$WORK/daemon.err"'
curl -sf "http://$addr/metrics" >"$WORK/metrics.txt"
assert_contains "$WORK/metrics.txt" 'tabhook_site_up{site="marketing"} 1'
stop_daemon
echo "daemon_stop_backoff: ok"
