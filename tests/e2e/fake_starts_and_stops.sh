#!/usr/bin/env bash
# fake-tableau starts on a free port, answers serverinfo and its control API, and exits cleanly (status 0)
# on SIGTERM and on SIGINT.
set -euo pipefail
source "$(dirname "$0")/lib/fake.bash"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

stop_with() {  # stop_with SIGNAL: sends it to the newest fake and checks the exit status
    local rc=0
    kill "-$1" "$FAKE_PID"
    wait "$FAKE_PID" || rc=$?
    [[ $rc -eq 0 ]] || fail "fake-tableau exited with $rc on $1"
    grep -q "stopped on SIG$1" "$FAKE_DIR/stderr" || fail "no shutdown message for $1"
    if curl -fsS --max-time 2 -o /dev/null "$FAKE_URL/api/3.24/serverinfo" 2>/dev/null; then
        fail "still answering after $1"
    fi
}

start_fake
[[ "$FAKE_URL" == "http://127.0.0.1:$FAKE_PORT" ]] || fail "FAKE_URL is $FAKE_URL"
grep -qx "fake-tableau listening on $FAKE_URL" "$FAKE_DIR/stdout" || fail "no ready line: $(cat "$FAKE_DIR/stdout")"

info=$(curl -fsS "$FAKE_URL/api/3.24/serverinfo")
grep -q '<restApiVersion>3.24</restApiVersion>' <<<"$info" || fail "serverinfo: $info"
curl -fsS -H 'Accept: application/json' "$FAKE_URL/api/3.24/serverInfo" | grep -q '"restApiVersion":"3.24"' ||
    fail "JSON serverinfo"

# The helpers talk to the control API.
fake_fault '{"kind":"error","status":503,"method":"GET","path":"/api/*/serverinfo"}' >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' "$FAKE_URL/api/3.24/serverinfo")
[[ "$status" == 503 ]] || fail "fault not applied (got $status)"
fake_requests | grep -q '"fault":"error"' || fail "request log lacks the fault"
fake_reset >/dev/null
fake_webhooks | grep -q '"webhooks":\[\]' || fail "fresh fake has webhooks"

stop_with TERM

# A second fake, with extra flags, stopped with SIGINT.
start_fake --api-version 3.10 --unique-names
curl -fsS "$FAKE_URL/api/3.10/serverinfo" | grep -q '<restApiVersion>3.10</restApiVersion>' || fail "--api-version"
stop_with INT
echo "ok"
