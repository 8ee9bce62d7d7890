#!/bin/sh
# help2man runs this in place of tabhook (the binary is $TABHOOK): --version is tabhook's, and --help is
# `tabhook --help` followed by every subcommand's --help, so the man page documents every flag and can
# never disagree with the binary it is built with.
set -eu
case "${1:-}" in
--version) exec "$TABHOOK" --version ;;
--help)
    "$TABHOOK" --help
    for c in $("$TABHOOK" --help | awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}'); do
        echo
        echo "tabhook $c:"
        "$TABHOOK" "$c" --help | sed -e '1d' -e 's/^/  /' -e 's/^  $//'
    done
    ;;
*) exit 64 ;;
esac
