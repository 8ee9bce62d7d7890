#!/usr/bin/env bash
# Fault matrix: another sign-in with the same personal access token ends tabhook's session mid-apply
# (one PAT holds one session); tabhook signs in again once and carries on.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"

signins() { log_json | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["path"].endswith("/auth/signin")))'; }
# Slow creates keep the apply in flight; once it has signed in, someone signs in with the same PAT.
# The count is taken before the apply starts: read after, it may already include tabhook's sign-in.
before_fault() { SIGNINS_BEFORE=$(signins); }
during_fault() {
  local deadline=$((SECONDS + 20))
  until [ "$(signins)" -gt "$SIGNINS_BEFORE" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the faulted apply never signed in"
    sleep 0.05
  done
  sleep 0.3
  curl -sf -X POST "$FAKE_URL/api/3.24/auth/signin" -H 'Content-Type: application/json' \
    -d '{"credentials":{"personalAccessTokenName":"tabhook-ci","personalAccessTokenSecret":"tabhook-ci-secret","site":{"contentUrl":"marketing"}}}' >/dev/null
}
fault_scenario session_taken '{"kind": "latency", "latency_ms": 400, "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 4}' '0' --parallel 1
# tabhook signed in again after the intruder's sign-in ended its session.
faulted_signins=$(log_json | python3 -c '
import json, sys
rs = json.load(sys.stdin)["requests"]
codes = [r for r in rs if r["status"] == 401 and "/auth/" not in r["path"]]
print(len(codes))')
[ "$faulted_signins" -ge 1 ] || fail "tabhook never met the ended session (no 401 in the log)"
echo "fault_session_taken: ok"
