#!/usr/bin/env bash
# The units in systemd/ pass `systemd-analyze verify` without a warning (with ExecStart pointing at the
# built binary, so it exists), carry the hardening and notify settings the daemon relies on, and
# `systemd-analyze security` rates tabhook.service's exposure 3.0 or better. systemd-analyze missing is a
# failure, not a skip.
set -euo pipefail
: "${TABHOOK:?TABHOOK must point at the tabhook binary}"
: "${TABHOOK_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed (package systemd); this test needs it"

units="$TABHOOK_SOURCE_DIR/systemd"
dir=$(mktemp -d "${E2E_TMP:-/tmp}/tabhook-units.XXXXXX")
trap 'rm -rf "$dir"' EXIT
for u in tabhook.service tabhook-apply.service tabhook-apply.timer; do
  [ -f "$units/$u" ] || fail "missing systemd/$u"
  sed "s#/usr/bin/tabhook#$TABHOOK#g" "$units/$u" >"$dir/$u"
done

(cd "$dir" && timeout 60 systemd-analyze verify ./tabhook.service ./tabhook-apply.service ./tabhook-apply.timer) \
  >"$dir/verify.out" 2>&1 || { cat "$dir/verify.out" >&2; fail "systemd-analyze verify failed"; }
[ ! -s "$dir/verify.out" ] || { cat "$dir/verify.out" >&2; fail "systemd-analyze verify printed warnings"; }

# The settings the daemon and the docs rely on.
expect() { grep -qxF -- "$2" "$units/$1" || fail "systemd/$1 lacks '$2'"; }
for line in Type=notify 'ExecReload=/bin/kill -HUP $MAINPID' Restart=on-failure DynamicUser=yes StateDirectory=tabhook \
  RuntimeDirectory=tabhook NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes CapabilityBoundingSet= \
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' LoadCredential=tabhook-pat-secret:/etc/tabhook/pat-secret \
  EnvironmentFile=-/etc/tabhook/env RestartPreventExitStatus=64; do
  expect tabhook.service "$line"
done
grep -q '^WatchdogSec=[1-9]' "$units/tabhook.service" || fail "tabhook.service has no WatchdogSec"
grep -q '^ExecStart=/usr/bin/tabhook run /etc/tabhook/manifests --mode observe' "$units/tabhook.service" ||
  fail "tabhook.service does not run tabhook run in observe mode"
expect tabhook-apply.service Type=oneshot
grep -q '^ExecStart=/usr/bin/tabhook apply ' "$units/tabhook-apply.service" || fail "tabhook-apply.service does not run apply"
grep -q '^OnUnitActiveSec=' "$units/tabhook-apply.timer" || fail "tabhook-apply.timer has no period"

# The unit's ExecStart flags are ones tabhook run accepts: with the manifests missing it exits 1 (an
# error in the manifests), not 64 (a usage error). The listen port becomes 0, so nothing is in the way.
exec_start=$(sed -n 's#^ExecStart=/usr/bin/tabhook run ##p' "$units/tabhook.service" |
  sed -e "s#\${STATE_DIRECTORY}#$dir#" -e 's#--listen [^ ]*#--listen 127.0.0.1:0#' -e "s#/etc/tabhook/manifests#$dir/no-manifests#")
rc=0
# shellcheck disable=SC2086
RUNTIME_DIRECTORY="$dir" timeout 20 "$TABHOOK" run $exec_start --once >"$dir/run.out" 2>"$dir/run.err" || rc=$?
[ "$rc" = 1 ] || { cat "$dir/run.err" >&2; fail "tabhook run with the unit's flags exited $rc, expected 1"; }
grep -q 'manifest error' "$dir/run.err" || { cat "$dir/run.err" >&2; fail "no manifest error reported"; }

(cd "$dir" && timeout 60 systemd-analyze security --offline=yes --threshold=30 ./tabhook.service) >"$dir/security.out" 2>&1 ||
  { tail -40 "$dir/security.out" >&2; fail "systemd-analyze security rates tabhook.service above 3.0"; }
echo "daemon_systemd_units: $(grep 'Overall exposure' "$dir/security.out")"
