#!/usr/bin/env bash
# tabhook run --pull follows the manifests' Git repository; --notify-url-file POSTs a summary when drift
# appears and when it clears, not every cycle, and the URL never shows in the log; --once exits like
# drift (2 with drift, 0 in sync); a manifest error stops no daemon but contacts no site.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"

export RUNTIME_DIRECTORY="$WORK"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK"

# An upstream repository and the checkout the daemon reads.
git init -q --bare "$WORK/upstream.git"
git clone -q "$WORK/upstream.git" "$WORK/author" 2>/dev/null
write_site "$WORK/author/site.yaml" marketing marketing
add_webhook "$WORK/author/site.yaml" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
git -C "$WORK/author" add site.yaml
git -C "$WORK/author" commit -q -m "first"
git -C "$WORK/author" push -q origin HEAD 2>/dev/null
git clone -q "$WORK/upstream.git" "$WORK/checkout" 2>/dev/null
run_tabhook 0 apply apply "$WORK/checkout"

# --once: 0 in sync.
run_tabhook 0 once-sync run "$WORK/checkout" --once
commit=$(git -C "$WORK/checkout" rev-parse --short=12 HEAD)
assert_contains "$WORK/once-sync.err" "commit=$commit"

echo "$FAKE_URL/_fake/receiver/alerts" >"$WORK/notify-url"
"$TABHOOK" run "$WORK/checkout" --pull --interval 200ms --notify-url-file "$WORK/notify-url" \
  --report "$WORK/report.json" >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
DAEMON_PID=$!
wait_for 10 "a first cycle" 'grep -q "msg=cycle n=2 " "$WORK/daemon.err"'
alerts() { curl -sf "$FAKE_URL/_fake/receiver/alerts" | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d if isinstance(d, list) else d.get("requests", d.get("received", []))
print(len(items))'; }
assert_eq "$(alerts)" 0 "notifications while in sync"

# A new webhook lands upstream: the daemon pulls it and reports the drift once.
add_webhook "$WORK/author/site.yaml" marketing gitops-new WorkbookCreated "$FAKE_URL/_fake/receiver/new"
git -C "$WORK/author" commit -q -am "add gitops-new"
git -C "$WORK/author" push -q origin HEAD 2>/dev/null
new_commit=$(git -C "$WORK/author" rev-parse --short=12 HEAD)
wait_for 15 "the pulled drift" 'grep -q "msg=drift site=marketing webhook=gitops-new class=missing" "$WORK/daemon.err"'
assert_contains "$WORK/daemon.err" "commit=$new_commit"
wait_for 5 "the drift notification" '[ "$(alerts)" = 1 ]'
curl -sf "$FAKE_URL/_fake/receiver/alerts" >"$WORK/alerts.json"
assert_contains "$WORK/alerts.json" "gitops-new (missing)"
cycles=$(grep -c "msg=cycle " "$WORK/daemon.err")
wait_for 10 "five more cycles" '[ "$(grep -c "msg=cycle " "$WORK/daemon.err")" -ge $((cycles + 5)) ]'
assert_eq "$(alerts)" 1 "notifications while the drift stays the same"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["drift"] == 1 and d["commit"] == sys.argv[2], d' \
  "$WORK/report.json" "$new_commit"

# --once in another checkout: 2 with drift (the lock is per set of manifests, so it may run alongside).
git clone -q "$WORK/upstream.git" "$WORK/other" 2>/dev/null
run_tabhook 2 once-drift run "$WORK/other" --once

# The drift clears (created behind the daemon's back): one more notification, saying so.
run_tabhook 0 heal apply "$WORK/other"
wait_for 10 "the cleared notification" '[ "$(alerts)" = 2 ]'
curl -sf "$FAKE_URL/_fake/receiver/alerts" >"$WORK/alerts.json"
assert_contains "$WORK/alerts.json" "drift cleared"

# A broken manifest upstream: the daemon keeps running, reports it, and contacts no site.
printf 'apiVersion: tabhook/v1\nkind: Webhook\nmetadata: {name: broken}\n' >"$WORK/author/broken.yaml"
git -C "$WORK/author" add broken.yaml
git -C "$WORK/author" commit -q -m "broken"
git -C "$WORK/author" push -q origin HEAD 2>/dev/null
wait_for 15 "the manifest error" 'grep -q "msg=\"manifests invalid: no site contacted\"" "$WORK/daemon.err"'
kill -0 "$DAEMON_PID" || fail "the daemon exited on a manifest error"
log_clear
sleep 1
assert_eq "$(log_count)" 0 "requests while the manifests are invalid"
assert_eq "$(alerts)" 2 "notifications on a manifest error"

stop_daemon
assert_not_contains "$WORK/daemon.err" "/_fake/receiver/alerts"
assert_not_contains "$WORK/daemon.err" "tabhook-ci-secret"

# A remote that cannot be reached, its URL carrying a token: the warning names neither path nor query.
git -C "$WORK/author" rm -q broken.yaml && git -C "$WORK/author" commit -q -m "fixed" && git -C "$WORK/author" push -q origin HEAD 2>/dev/null
git -C "$WORK/checkout" pull -q --ff-only 2>/dev/null
git -C "$WORK/checkout" remote set-url origin "http://127.0.0.1:1/SENTINEL-repo.git?token=SENTINEL-query"
RUNTIME_DIRECTORY="$WORK" run_tabhook 0 once-pull-fails run "$WORK/checkout" --once --pull
assert_contains "$WORK/once-pull-fails.err" "git pull --ff-only failed"
assert_not_contains "$WORK/once-pull-fails.err" "SENTINEL"
echo "daemon_notify_pull: ok"
