#!/usr/bin/env bash
# An idle `tabhook run` keeps each site's last decoded list and plan while the server's answer is
# byte-identical and the manifests are unchanged. Whatever changes between two cycles is still found the
# next cycles: a webhook changed on the server without changing the list's length, a manifest edited while
# the server's list stays byte for byte what it was, and that edit undone.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"

# wait_cycle DESCRIPTION PATTERN: waits (at most 10 s) for a cycle line matching PATTERN logged after the
# last call of mark, so a cycle that began before the change cannot satisfy it.
MARK=0
mark() { MARK=$(wc -l <"$WORK/daemon.err"); }
wait_cycle() {
  local deadline=$((SECONDS + 10))
  until tail -n +"$((MARK + 1))" "$WORK/daemon.err" | grep -q "msg=cycle .*$2"; do
    if ((SECONDS >= deadline)); then
      echo "--- daemon log:" >&2; cat "$WORK/daemon.err" >&2
      fail "timed out waiting for $1"
    fi
    kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon exited"
    sleep 0.1
  done
}

mkdir -p "$WORK/run"
export RUNTIME_DIRECTORY="$WORK/run"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
add_webhook "$m" marketing gitops-b WorkbookDeleted "$FAKE_URL/_fake/receiver/b"
run_tabhook 0 apply apply "$WORK/manifests"

# The log exists before the daemon starts: the background job opens it in the child, maybe after mark reads it.
: >"$WORK/daemon.err"
"$TABHOOK" run "$WORK/manifests" --interval 100ms >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
DAEMON_PID=$!
mark
wait_cycle "an idle cycle" "drift=0 errors=0"
mark
wait_cycle "idle cycles" "n=4 .*drift=0 errors=0"

# Another account points gitops-a elsewhere; the list keeps its length.
as_user alice-pat alice-pat-secret marketing
id_a=$(api_list | awk -F'\t' '$1 == "gitops-a" {print $2}')
mark
curl -sf -X PUT "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$id_a" -H "X-Tableau-Auth: $AS_TOKEN" \
  -H 'Content-Type: application/json' -H 'Accept: application/json' \
  -d "{\"webhook\":{\"name\":\"gitops-a\",\"event\":\"WorkbookCreated\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$FAKE_URL/_fake/receiver/z\"}}}}" >/dev/null
wait_cycle "the server's change" "drift=1 errors=0"
assert_contains "$WORK/daemon.err" "msg=drift site=marketing webhook=gitops-a id=$id_a class=changed"
mark
wait_cycle "the drift found again by an idle cycle" "drift=1 errors=0"

# The manifests follow the server: no drift, though the server's list is unchanged.
mark
sed -i "s|_fake/receiver/a\"|_fake/receiver/z\"|" "$m"
wait_cycle "the edit that matches the server" "drift=0 errors=0"
# An edit to gitops-b, the server untouched: drift again.
mark
sed -i "s|_fake/receiver/b\"|_fake/receiver/y\"|" "$m"
wait_cycle "the edit that leaves gitops-b behind" "drift=1 errors=0"
tail -n +"$((MARK + 1))" "$WORK/daemon.err" | grep -q "msg=drift site=marketing webhook=gitops-b .*class=changed" ||
  fail "gitops-b's drift is not logged after the edit"
# Undone: in sync again.
mark
sed -i "s|_fake/receiver/y\"|_fake/receiver/b\"|" "$m"
wait_cycle "the edit undone" "drift=0 errors=0"

assert_not_contains "$WORK/daemon.err" "level=error"
stop_daemon
echo "daemon_idle_drift: ok"
