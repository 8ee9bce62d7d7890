#!/usr/bin/env bash
# On a terminal, apply and test draw a progress line on stderr, redrawn in place ("[3/20] creating
# gitops-4…"), besides the line per outcome; in a pipe or a file there is no progress line, only the lines.
source "$(dirname "$0")/lib/fake.bash"
start_fake --latency 30
source "$(dirname "$0")/lib/tabhook.bash"
command -v script >/dev/null || fail "script (util-linux) is not installed"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
for i in $(seq 1 20); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/r$i"; done

# script(1) runs the command on a pseudo-terminal (stdout and stderr both) and copies what it printed.
on_tty() { TERM=xterm script -qec "$*" /dev/null; }
on_tty "'$TABHOOK' apply '$WORK/manifests' --parallel 2" >"$WORK/tty.out" </dev/null || fail "apply on a terminal failed"
grep -aqE '\[[0-9]+/20\] creating gitops-[0-9]+…' "$WORK/tty.out" || { cat -v "$WORK/tty.out" >&2; fail "no progress line"; }
grep -aq $'\r\033\[K' "$WORK/tty.out" || fail "the progress line is not redrawn in place"
grep -aqE '\[20/20\] \[[0-9]+/[0-9]+ tests\] testing gitops-' "$WORK/tty.out" || { cat -v "$WORK/tty.out" >&2; fail "no progress line for the tests"; }
assert_eq "$(grep -ac 'site marketing: + created gitops-' "$WORK/tty.out")" 20 "created lines on the terminal"
assert_eq "$(grep -ac 'site marketing: tested gitops-[0-9]*: Tableau'"'"'s test reported 200: ok: ok' "$WORK/tty.out")" 20 "tested lines"
assert_contains "$WORK/tty.out" "Apply: 20 done, 0 failed, 0 skipped"

on_tty "'$TABHOOK' test '$WORK/manifests' --parallel 2" >"$WORK/tty-test.out" </dev/null || fail "test on a terminal failed"
grep -aqE '\[[0-9]+/[0-9]+ tests\] testing gitops-' "$WORK/tty-test.out" || { cat -v "$WORK/tty-test.out" >&2; fail "no progress line in test"; }
assert_eq "$(grep -ac 'site marketing: tested gitops-[0-9]*: Tableau'"'"'s test reported 200: ok: ok' "$WORK/tty-test.out")" 20 "tested lines of test"

# Not a terminal: the lines, and no progress line or escape anywhere.
run_tabhook 0 piped test "$WORK/manifests" --parallel 2
assert_eq "$(grep -c '^site marketing: tested gitops-[0-9]*: Tableau'"'"'s test reported 200: ok: ok$' "$WORK/piped.out")" 20 "tested lines in a file"
for f in "$WORK/piped.out" "$WORK/piped.err"; do
  ! grep -q $'\033' "$f" || fail "$f holds an escape sequence"
  assert_not_contains "$f" "testing gitops-"
done
# With --format json, stdout is one JSON document and the lines go to stderr.
run_tabhook 0 json test "$WORK/manifests" --format json
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/json.out" || fail "stdout is not one JSON document"
assert_eq "$(grep -c '^site marketing: tested gitops-' "$WORK/json.err")" 20 "tested lines on stderr with --format json"
echo "apply_progress_tty: ok"
