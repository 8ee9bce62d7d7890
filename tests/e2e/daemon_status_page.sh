#!/usr/bin/env bash
# The daemon's status page: `/` on the --listen address shows each site's last cycle, its drift
# findings and the last receiver test of each webhook, refreshes itself, loads nothing from elsewhere,
# and shows no secret. Rendered in headless Chromium; the screenshot is kept with the test output.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"
command -v chromium >/dev/null || fail "chromium is not installed (scripts/install-deps.sh installs it)"

SECRET="SENTINEL-status-7a1c"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-good WorkbookCreated "$FAKE_URL/_fake/receiver/good/$SECRET"
add_webhook "$m" marketing gitops-dead DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/dead/$SECRET?status=500&token=$SECRET"
as_user alice-pat alice-pat-secret marketing
api_create alice-own WorkbookCreated "$FAKE_URL/_fake/receiver/alice" >/dev/null

"$TABHOOK" run "$WORK/manifests" --mode enforce --interval 1h --listen 127.0.0.1:0 >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
DAEMON_PID=$!
wait_ready 10
port=${ADDR##*:}

curl -sf -D "$WORK/headers" "http://127.0.0.1:$port/" -o "$WORK/page.html"
assert_contains "$WORK/headers" "text/html"
assert_contains "$WORK/page.html" '<meta http-equiv="refresh"'
assert_contains "$WORK/page.html" "Site marketing"
assert_contains "$WORK/page.html" "2 drift finding(s)"
assert_contains "$WORK/page.html" "<code>gitops-dead</code>"
assert_contains "$WORK/page.html" "alice-own"
grep -q '<td><code>gitops-dead</code></td><td>Tableau&#39;s test reported 500: ok</td><td class="bad">failed</td>' "$WORK/page.html" || fail "the dead receiver's test is not shown"
grep -q '<td><code>gitops-good</code></td><td>Tableau&#39;s test reported 200: ok</td><td class="ok">passed</td>' "$WORK/page.html" || fail "the good receiver's test is not shown"
# Self-contained: no script, stylesheet, image or font from anywhere.
if grep -Eq '<script|<link|<img|src=|@import|url\(' "$WORK/page.html"; then fail "the page loads something"; fi
curl -sf "http://127.0.0.1:$port/status.json" -o "$WORK/status.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["cycle"]["drift"] == 2, d' "$WORK/status.json"

# As a person sees it: headless Chromium renders the page; its DOM and a screenshot are kept.
profile=$(mktemp -d "$WORK/chromium.XXXXXX")
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1100,900)
timeout 60 chromium "${flags[@]}" --dump-dom "http://127.0.0.1:$port/" >"$WORK/dom.html" 2>"$WORK/chromium.err"
assert_contains "$WORK/dom.html" "receiver test"
assert_contains "$WORK/dom.html" "gitops-good"
shot_dir="${E2E_TMP:-/tmp}/artifacts"
mkdir -p "$shot_dir"
timeout 60 chromium "${flags[@]}" --screenshot="$shot_dir/status-page.png" "http://127.0.0.1:$port/" 2>>"$WORK/chromium.err" || true
[ -s "$shot_dir/status-page.png" ] || { cat "$WORK/chromium.err" >&2; fail "no screenshot"; }
[ "$(stat -c %s "$shot_dir/status-page.png")" -gt 10000 ] || fail "the screenshot is suspiciously small"
echo "screenshot: $shot_dir/status-page.png"

for f in "$WORK/page.html" "$WORK/dom.html" "$WORK/status.json" "$WORK/daemon.err" "$WORK/daemon.out"; do
  for s in "$SECRET" tabhook-ci-secret; do assert_not_contains "$f" "$s"; done
done
stop_daemon
echo "daemon_status_page: ok"
