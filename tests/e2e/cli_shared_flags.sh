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
echo "cli_shared_flags: ok ($(wc -w <<<"$commands") commands)"
