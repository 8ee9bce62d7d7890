#!/usr/bin/env bash
# apply takes a machine-local lock per site before it reads the site: a second apply waits for it (and
# says who holds it), gives up after --lock-timeout with exit 1 naming the holder's pid and nothing
# written, and proceeds once it is released. `run --mode enforce` takes the same lock. A symlink planted
# at the lock path is refused and its target left alone.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

# A private runtime directory per test, so tests running at once do not share locks.
export XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -m 0700 "$XDG_RUNTIME_DIR"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-1 DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/r1"
run_tabhook 0 first apply "$WORK/manifests" --test none
lockfile=$(ls "$XDG_RUNTIME_DIR"/tabhook-site-*.lock)
[ "$(stat -c %a "$lockfile")" = 600 ] || fail "lock file mode $(stat -c %a "$lockfile"), expected 600"
add_webhook "$m" marketing gitops-2 DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/r2"
add_webhook "$m" marketing gitops-3 DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/r3"

# hold_lock: another process holds the site's lock (and records its pid as tabhook does) until killed.
hold_lock() {
  rm -f "$WORK/held"
  python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, b"%d test holder\n" % os.getpid())
open(sys.argv[2], "w").close()
time.sleep(120)' "$lockfile" "$WORK/held" &
  HOLDER=$!
  for _ in $(seq 200); do [ -e "$WORK/held" ] && return; sleep 0.05; done
  fail "the lock holder did not start"
}
release_lock() { kill "$HOLDER"; wait "$HOLDER" 2>/dev/null || true; }
trap 'kill "${HOLDER:-}" 2>/dev/null || true; stop_fake' EXIT

# Held, with a short timeout: exit 1 naming the holder, and not even a sign-in.
hold_lock
log_clear
run_tabhook 1 timeout apply "$WORK/manifests" --lock-timeout 1s
assert_contains "$WORK/timeout.err" "waiting for the lock on site marketing held by pid $HOLDER (test holder), up to 1s"
assert_contains "$WORK/timeout.err" "timed out after 1s waiting for the lock on site marketing held by pid $HOLDER"
assert_eq "$(grep -c '^tabhook: waiting for the lock' "$WORK/timeout.err")" 1 "waiting lines"
assert_eq "$(log_count)" 0 "requests sent while the lock was held"
assert_eq "$(api_count_named gitops-2)" 0 "gitops-2 created"

# The daemon in enforce mode waits for the same lock.
run_tabhook 1 daemon run "$WORK/manifests" --mode enforce --once --lock-timeout 1s
assert_contains "$WORK/daemon.err" "held by pid $HOLDER (test holder)"
assert_eq "$(log_writes)" 0 "writes by the daemon while the lock was held"

# Held, then released while apply waits: apply goes on and converges.
"$TABHOOK" apply "$WORK/manifests" --test none >"$WORK/waited.out" 2>"$WORK/waited.err" &
applier=$!
for _ in $(seq 400); do grep -q 'waiting for the lock' "$WORK/waited.err" && break; sleep 0.05; done
assert_contains "$WORK/waited.err" "waiting for the lock on site marketing held by pid $HOLDER (test holder), up to 60s"
assert_eq "$(log_writes)" 0 "writes while waiting"
release_lock
rc=0
wait "$applier" || rc=$?
[ "$rc" = 0 ] || { cat "$WORK/waited.out" "$WORK/waited.err" >&2; fail "apply after the release exited $rc"; }
assert_eq "$(api_count_named gitops-2)" 1 "gitops-2 after the release"
assert_eq "$(api_count_named gitops-3)" 1 "gitops-3 after the release"

# A symlink planted at the lock path is refused, its target untouched.
echo "precious" >"$WORK/target"
rm "$lockfile"
ln -s "$WORK/target" "$lockfile"
add_webhook "$m" marketing gitops-4 DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/r4"
log_clear
run_tabhook 1 symlink apply "$WORK/manifests" --test none
assert_contains "$WORK/symlink.err" "symbolic link"
assert_eq "$(cat "$WORK/target")" "precious" "the symlink's target"
assert_eq "$(log_count)" 0 "requests with a planted lock symlink"

# A shared, world-writable runtime directory is refused rather than used.
XDG_RUNTIME_DIR=/tmp run_tabhook 1 shared apply "$WORK/manifests" --test none
assert_contains "$WORK/shared.err" "refusing it"
echo "apply_site_lock: ok"
