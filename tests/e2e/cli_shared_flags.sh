#!/usr/bin/env bash
# The shared flags of product.md (--no-color, -v/--verbose) are accepted by every command, so one wrapper
# can pass them to all; `events` and `validate --offline` run with them. An unknown command is named, with
# a suggestion.
set -euo pipefail
: "${TABHOOK:?}" "${TABHOOK_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
commands=$("$TABHOOK" --help | awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}')
[ "$(wc -w <<<"$commands")" -ge 8 ] || fail "tabhook --help lists too few subcommands: $commands"
for c in $commands; do
  help=$("$TABHOOK" "$c" --help)
  grep -qE '^  --no-color' <<<"$help" || fail "tabhook $c does not take --no-color"
  grep -qE '^  -v,[ ]?--verbose' <<<"$help" || fail "tabhook $c does not take -v/--verbose"
done
"$TABHOOK" events --no-color -v >/dev/null || fail "events --no-color -v"
"$TABHOOK" validate --offline --no-color -v "$TABHOOK_SOURCE_DIR/examples" >/dev/null || fail "validate --no-color -v"
# An unknown command: exit 64, a suggestion and the list of commands.
rc=0
"$TABHOOK" aply webhooks/ 2>"${E2E_TMP:-/tmp}/unknown-command.$$" || rc=$?
[ "$rc" = 64 ] || fail "tabhook aply exited $rc, expected 64"
grep -q "unknown command 'aply'; did you mean 'apply'? The commands are: .*validate" "${E2E_TMP:-/tmp}/unknown-command.$$" ||
  fail "tabhook aply: $(cat "${E2E_TMP:-/tmp}/unknown-command.$$")"
rm -f "${E2E_TMP:-/tmp}/unknown-command.$$"
# The -ms flags take a duration or, as always, a bare number of milliseconds; anything else is a usage
# error (64) before the manifests are read (a missing path is exit 1 after parsing).
missing="${E2E_TMP:-/tmp}/no-such-manifests.$$"
for v in 5000 500ms 30s 5m; do
  rc=0
  "$TABHOOK" plan "$missing" --request-timeout-ms "$v" --connect-timeout-ms "$v" --retry-backoff-ms "$v" \
    --retry-max-backoff-ms "$v" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 1 ] || fail "plan --request-timeout-ms $v: exit $rc, expected 1 (parsed, no manifests)"
done
for v in 5x 5d ms; do
  rc=0
  err=$("$TABHOOK" plan "$missing" --request-timeout-ms "$v" 2>&1 >/dev/null) || rc=$?
  [ "$rc" = 64 ] || fail "plan --request-timeout-ms $v: exit $rc, expected 64"
  grep -q "request-timeout-ms" <<<"$err" || fail "plan --request-timeout-ms $v: $err"
done
# Word flags list their choices and default in --help and refuse other words (64, naming the choices).
grep -qE -- '--format TEXT:\{text,json,markdown\}=text' <<<"$("$TABHOOK" plan --help)" || fail "plan --help: --format"
grep -qE -- '--test TEXT:\{changed,all,none\}=changed' <<<"$("$TABHOOK" apply --help)" || fail "apply --help: --test"
grep -qE -- '--mode TEXT:\{observe,enforce\}=observe' <<<"$("$TABHOOK" run --help)" || fail "run --help: --mode"
for args in "plan $missing --format yaml" "plan $missing --format 1" "apply $missing --test some" "run $missing --mode 1"; do
  rc=0
  # shellcheck disable=SC2086 # one word per argument
  err=$("$TABHOOK" $args 2>&1 >/dev/null) || rc=$?
  [ "$rc" = 64 ] || fail "tabhook $args: exit $rc, expected 64"
  grep -q "not in {" <<<"$err" || fail "tabhook $args: $err"
done
echo "cli_shared_flags: ok ($(wc -w <<<"$commands") commands)"
