# shellcheck shell=bash
# Helpers for the daemon_*.sh scenarios, which run `tabhook run` in the background. Source after
# lib/fake.bash and lib/tabhook.bash:
#
#   source "$(dirname "$0")/lib/daemon.bash"
#   "$TABHOOK" run "$WORK/manifests" --listen 127.0.0.1:0 2>"$WORK/daemon.err" &
#   DAEMON_PID=$!
#   wait_ready 10                                  # sets ADDR (127.0.0.1:PORT) once /readyz answers
#   wait_for 5 "a cycle" 'grep -q "msg=cycle " "$WORK/daemon.err"'
#   stop_daemon 5                                  # SIGTERM; exit 0 within 5 s
#
# The daemon's stderr is expected at $WORK/daemon.err (a file or a link to one): a timeout shows it, and
# $WORK/notify.log (the systemd notify messages) when the scenario records them. An EXIT trap kills
# DAEMON_PID, ends the processes in EXIT_PIDS (listeners, load generators) and stops the fake.

DAEMON_PID=""
EXIT_PIDS=()

_daemon_cleanup() {
  [ -z "$DAEMON_PID" ] || kill -KILL "$DAEMON_PID" 2>/dev/null || true
  local pid
  for pid in "${EXIT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_fake
}
trap _daemon_cleanup EXIT

show_daemon_logs() {
  echo "--- daemon log:" >&2
  cat "$WORK/daemon.err" >&2 || true
  if [ -e "$WORK/notify.log" ]; then
    echo "--- notify messages:" >&2
    cat "$WORK/notify.log" >&2
  fi
}

# wait_for SECONDS DESCRIPTION 'SHELL CONDITION': polls every 0.1 s until the condition (evaluated afresh
# each time) holds; after SECONDS, fails with the daemon's log.
wait_for() {
  local limit=$1 what=$2 condition=$3
  local deadline=$((SECONDS + limit))
  until eval "$condition"; do
    if ((SECONDS >= deadline)); then
      show_daemon_logs
      fail "timed out after ${limit}s waiting for: $what"
    fi
    sleep 0.1
  done
}

# listen_addr: the address the daemon logged for --listen (127.0.0.1:PORT), empty until it has.
listen_addr() { sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$WORK/daemon.err" 2>/dev/null | head -1; }

# wait_ready SECONDS: waits until the daemon has logged its listen address and /readyz answers (its first
# cycle is done); sets ADDR.
wait_ready() {
  ADDR=""
  wait_for "$1" "the daemon's listen address and /readyz" \
    'ADDR=$(listen_addr); [ -n "$ADDR" ] && curl -sf --max-time 5 "http://$ADDR/readyz" >/dev/null 2>&1'
}

# stop_daemon [SECONDS]: SIGTERM; the daemon must exit 0, and with SECONDS (at most 5) within that time.
stop_daemon() {
  local limit=${1:-} started=$SECONDS rc=0
  kill -TERM "$DAEMON_PID"
  if [ -n "$limit" ]; then
    for _ in $(seq 1 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$DAEMON_PID" 2>/dev/null && fail "the daemon did not exit within 5s of SIGTERM"
  fi
  wait "$DAEMON_PID" || rc=$?
  DAEMON_PID=""
  assert_eq "$rc" 0 "exit status after SIGTERM"
  [ -z "$limit" ] || ((SECONDS - started <= limit)) || fail "the daemon took $((SECONDS - started))s to stop"
}
