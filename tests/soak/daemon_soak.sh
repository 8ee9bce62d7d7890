#!/usr/bin/env bash
# Soak: `tabhook run --mode enforce` for 200 cycles against fake-tableau while random faults hit its
# requests and the site is changed behind its back. Resident memory must stay flat and file descriptors
# must not grow; the figures of the first and last cycle are printed. Meant for a release build (memory
# figures under a sanitizer say nothing); scripts/test.sh runs it after the release tests.
# Usage: tests/soak/daemon_soak.sh BUILD_DIR [CYCLES]
set -euo pipefail
build=$(cd "${1:?usage: daemon_soak.sh BUILD_DIR [CYCLES]}" && pwd)
cycles=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
export TABHOOK="$build/bin/tabhook" FAKE_TABLEAU="$build/bin/fake-tableau" E2E_TMP="$build/soak-tmp"
mkdir -p "$E2E_TMP"
source "$here/../e2e/lib/fake.bash"
start_fake
source "$here/../e2e/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
for i in $(seq 1 20); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/r$i"; done
metrics_port=$((20000 + RANDOM % 20000))
"$TABHOOK" run "$WORK/manifests" --mode enforce --interval 30ms --reenable-interval 1s --listen "127.0.0.1:$metrics_port" \
  --request-timeout-ms 500 --retry-backoff-ms 5 --retry-max-backoff-ms 20 >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true; stop_fake' EXIT

cycle_count() {  # every cycle, ok or not
  curl -sf "http://127.0.0.1:$metrics_port/metrics" 2>/dev/null | awk '/^tabhook_cycles_total[{ ]/ {n += $2} END {if (NR) print int(n)}' || true
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$daemon/status"; }
fds() { ls "/proc/$daemon/fd" | wc -l; }
wait_cycles() {  # wait_cycles N: until at least N cycles are done (bounded)
  local deadline=$((SECONDS + 300)) n
  while :; do
    n=$(cycle_count)
    [ -n "$n" ] && [ "$n" -ge "$1" ] && return 0
    kill -0 "$daemon" 2>/dev/null || { cat "$WORK/daemon.err" >&2; fail "the daemon died"; }
    [ $SECONDS -lt $deadline ] || fail "no $1 cycles within 300 s (at ${n:-0})"
    sleep 0.05
  done
}

faults=(
  '{"kind": "error", "status": 503, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}'
  '{"kind": "error", "status": 500, "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 1}'
  '{"kind": "drop", "method": "*", "path": "/api/**", "count": 1}'
  '{"kind": "rate_limit", "retry_after": 0, "method": "*", "path": "/api/**", "count": 1}'
  '{"kind": "token_expiry", "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}'
  '{"kind": "lose_response", "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 1}'
  '{"kind": "latency", "latency_ms": 700, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}'
)
# Warm up, then take the first figures.
wait_cycles 10
rss_first=$(rss_kib)
fds_first=$(fds)
as_user alice-pat alice-pat-secret marketing
n=10
while [ "$n" -lt "$cycles" ]; do
  # A random fault, and now and then a change behind the daemon's back for it to repair.
  curl -sf -X POST "$FAKE_URL/_fake/faults" -H 'Content-Type: application/json' -d "${faults[RANDOM % ${#faults[@]}]}" >/dev/null
  if [ $((RANDOM % 4)) = 0 ]; then
    victim=$(api_list | awk -F'\t' -v k="gitops-$((RANDOM % 20 + 1))" '$1 == k {print $2; exit}')
    [ -n "$victim" ] && curl -sf -X POST "$FAKE_URL/_fake/webhooks/$victim/disable" -d '{}' >/dev/null || true
  fi
  n=$((n + 5))
  wait_cycles "$n"
done
rss_last=$(rss_kib)
fds_last=$(fds)
done_cycles=$(cycle_count)
curl -sf -X DELETE "$FAKE_URL/_fake/faults" >/dev/null
# Let it settle without faults: the site converges.
sleep 2
kill -TERM "$daemon"
rc=0
wait "$daemon" || rc=$?
assert_eq "$rc" 0 "the daemon's exit code after SIGTERM"
# After the faults stopped, the daemon repaired everything: nothing is left for a plan to do.
run_tabhook 0 final-plan plan "$WORK/manifests" --detailed-exitcode
errors=$(grep -c 'level=error' "$WORK/daemon.err" || true)
echo "soak: $done_cycles cycles ($errors error lines under faults); resident memory ${rss_first} KiB after cycle 10, ${rss_last} KiB after cycle $n; file descriptors ${fds_first} then ${fds_last}"
# Flat: at most 25% (and 4 MiB) above the warmed-up figure; descriptors: at most 2 more (a kept-alive
# connection may be open or not at the moment of reading).
[ "$rss_last" -le $((rss_first + rss_first / 4 + 4096)) ] || fail "resident memory grew from $rss_first to $rss_last KiB"
[ "$fds_last" -le $((fds_first + 2)) ] || fail "file descriptors grew from $fds_first to $fds_last"
echo "daemon_soak: ok"
