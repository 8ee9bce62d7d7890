#!/usr/bin/env bash
# The shared flags of product.md (--no-color, -v/--verbose) are accepted by every command, so one wrapper
# can pass them to all; `events` and `validate --offline` run with them.
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
echo "cli_shared_flags: ok ($(wc -w <<<"$commands") commands)"
