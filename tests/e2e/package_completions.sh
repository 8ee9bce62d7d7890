#!/usr/bin/env bash
# The bash and zsh completions in packaging/completions cannot drift from the CLI: every subcommand that
# `tabhook --help` prints, and every flag and every listed value ({a,b,c}) that `tabhook <cmd> --help`
# prints, is offered. The bash completion is exercised for real (COMP_WORDS/COMP_CWORD and _tabhook);
# so is the zsh one, through compinit in an interactive zsh on a pseudo-terminal.
set -euo pipefail
: "${TABHOOK:?}" "${TABHOOK_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
bash_file="$TABHOOK_SOURCE_DIR/packaging/completions/tabhook.bash"
zsh_file="$TABHOOK_SOURCE_DIR/packaging/completions/_tabhook"
[ -f "$bash_file" ] && [ -f "$zsh_file" ] || fail "packaging/completions is incomplete"
work=$(mktemp -d "${E2E_TMP:-/tmp}/completions.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The CLI as its help describes it: "cmd<TAB>flag flag...<TAB>flag=v1,v2;flag=v1,v2".
"$TABHOOK" --help >"$work/help.txt"
commands=$(awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}' "$work/help.txt")
[ "$(wc -w <<<"$commands")" -ge 8 ] || fail "tabhook --help lists too few subcommands: $commands"
for c in $commands; do
  "$TABHOOK" "$c" --help >"$work/help-$c.txt"
done
# shellcheck disable=SC2086 # one argument per subcommand
python3 - "$work" $commands >"$work/cli.tsv" <<'PY'
import re, sys
work, commands = sys.argv[1], sys.argv[2:]
for c in commands:
    flags, values = [], []
    for line in open(f"{work}/help-{c}.txt"):
        m = re.match(r"^  (-[^ ]*)(?: ([A-Z]+)(?::\{([^}]*)\})?)?", line)
        if not m:
            continue
        names = m.group(1).split(",")
        flags += names
        if m.group(3):
            values.append(f"{names[-1]}={m.group(3)}")
    print(f"{c}\t{' '.join(flags)}\t{';'.join(values)}")
PY

# bash: complete -p, then what _tabhook offers for COMP_WORDS.
complete_words() { # complete_words WORD... (the last is the word being completed)
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tabhook tabhook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" "$@"
}
spec=$(bash --norc --noprofile -c 'source "$1"; complete -p tabhook' _ "$bash_file")
[ "$spec" = "complete -F _tabhook tabhook" ] || fail "complete -p tabhook: '$spec'"

offered=$(complete_words tabhook "")
for c in $commands; do grep -qx "$c" <<<"$offered" || fail "bash: subcommand '$c' is not completed"; done
[ "$(complete_words tabhook pl)" = plan ] || fail "bash: 'tabhook pl' does not complete to plan"
[ "$(complete_words tabhook plan --form)" = --format ] || fail "bash: 'tabhook plan --form' does not complete to --format"
[ "$(complete_words tabhook apply --test c)" = changed ] || fail "bash: 'apply --test c' does not complete to changed"
[ "$(complete_words tabhook validate --format = g)" = github ] || fail "bash: 'validate --format=g' does not complete to github"

# Paths: directories and YAML files, not other files.
mkdir -p "$work/repo/webhooks"
touch "$work/repo/site.yaml" "$work/repo/notes.txt"
(cd "$work/repo" && complete_words tabhook plan "") >"$work/paths.txt"
grep -qx site.yaml "$work/paths.txt" && grep -qx webhooks "$work/paths.txt" && ! grep -q notes.txt "$work/paths.txt" ||
  fail "bash: manifest paths: $(tr '\n' ' ' <"$work/paths.txt")"

while IFS=$'\t' read -r cmd flags values; do
  offered=$(complete_words tabhook "$cmd" -)
  for f in $flags; do
    grep -qx -- "$f" <<<"$offered" || fail "bash: 'tabhook $cmd' does not offer $f (from tabhook $cmd --help)"
  done
  IFS=';' read -ra pairs <<<"$values"
  for pair in "${pairs[@]}"; do
    flag=${pair%%=*}
    want=$(tr ',' '\n' <<<"${pair#*=}" | sort)
    got=$(complete_words tabhook "$cmd" "$flag" "" | sort)
    [ "$got" = "$want" ] || fail "bash: 'tabhook $cmd $flag' offers '$(tr '\n' ' ' <<<"$got")', --help lists '$(tr '\n' ' ' <<<"$want")'"
  done
done <"$work/cli.tsv"

# zsh: valid syntax, then the same checks through zsh's own completion system: an interactive zsh in a
# pseudo-terminal runs compinit with packaging/completions in its fpath, and TAB is pressed
# (tests/e2e/lib/zsh_complete.zsh prints what is offered).
command -v zsh >/dev/null || fail "zsh is not installed (scripts/install-deps.sh installs it)"
zsh -n "$zsh_file" || fail "zsh -n $zsh_file"
zsh_words() { # zsh_words LINE: the matches offered for TAB at the end of LINE
  timeout 20 zsh -f "$(dirname "$0")/lib/zsh_complete.zsh" "$(dirname "$zsh_file")" "$1" | grep -v '^$' || true
}
offered=$(zsh_words "tabhook ")
for c in $commands; do grep -qx "$c" <<<"$offered" || fail "zsh: subcommand '$c' is not completed"; done
[ "$(zsh_words "tabhook pl")" = plan ] || fail "zsh: 'tabhook pl' does not complete to plan"
[ "$(zsh_words "tabhook plan --form")" = --format ] || fail "zsh: 'tabhook plan --form' does not complete to --format"
(cd "$work/repo" && zsh_words "tabhook plan ") >"$work/zsh-paths.txt"
grep -qx site.yaml "$work/zsh-paths.txt" && grep -qx webhooks "$work/zsh-paths.txt" && ! grep -q notes.txt "$work/zsh-paths.txt" ||
  fail "zsh: manifest paths: $(tr '\n' ' ' <"$work/zsh-paths.txt")"
while IFS=$'\t' read -r cmd flags values; do
  offered=$(zsh_words "tabhook $cmd -")
  for f in $flags; do
    grep -qx -- "$f" <<<"$offered" || fail "zsh: 'tabhook $cmd -' does not offer $f (from tabhook $cmd --help)"
  done
  IFS=';' read -ra pairs <<<"$values"
  for pair in "${pairs[@]}"; do
    flag=${pair%%=*}
    want=$(tr ',' '\n' <<<"${pair#*=}" | sort)
    got=$(zsh_words "tabhook $cmd $flag " | sort)
    [ "$got" = "$want" ] || fail "zsh: 'tabhook $cmd $flag' offers '$(tr '\n' ' ' <<<"$got")', --help lists '$(tr '\n' ' ' <<<"$want")'"
  done
done <"$work/cli.tsv"
echo "package_completions: ok ($(wc -w <<<"$commands") subcommands)"
