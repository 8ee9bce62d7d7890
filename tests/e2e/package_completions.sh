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

# What each shell offers when TAB is pressed at the end of a command line, one match a line.
# bash: _tabhook with COMP_WORDS/COMP_CWORD set from the line (a trailing space starts an empty word).
bash_words() { # bash_words LINE
  local -a words
  read -ra words <<<"$1"
  [[ $1 == *" " ]] && words+=("")
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tabhook tabhook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" "${words[@]}"
}
# zsh: compinit in an interactive zsh on a pseudo-terminal, packaging/completions in its fpath
# (tests/e2e/lib/zsh_complete.zsh).
zsh_words() { # zsh_words LINE
  timeout 20 zsh -f "$(dirname "$0")/lib/zsh_complete.zsh" "$(dirname "$zsh_file")" "$1" | grep -v '^$' || true
}

# check_shell NAME WORDS_FUNCTION: subcommands, prefixes, manifest paths (directories and YAML files, not
# other files), and every flag and value set of every subcommand's --help.
mkdir -p "$work/repo/webhooks"
touch "$work/repo/site.yaml" "$work/repo/notes.txt"
check_shell() {
  local sh=$1 words=$2 offered c cmd flags values f pair flag want got
  offered=$($words "tabhook ")
  for c in $commands; do grep -qx "$c" <<<"$offered" || fail "$sh: subcommand '$c' is not completed"; done
  [ "$($words "tabhook pl")" = plan ] || fail "$sh: 'tabhook pl' does not complete to plan"
  [ "$($words "tabhook plan --form")" = --format ] || fail "$sh: 'tabhook plan --form' does not complete to --format"
  [ "$($words "tabhook apply --test c")" = changed ] || fail "$sh: 'apply --test c' does not complete to changed"
  offered=$(cd "$work/repo" && $words "tabhook plan ")
  grep -qx site.yaml <<<"$offered" && grep -qx webhooks <<<"$offered" && ! grep -q notes.txt <<<"$offered" ||
    fail "$sh: manifest paths: $(tr '\n' ' ' <<<"$offered")"
  while IFS=$'\t' read -r cmd flags values; do
    offered=$($words "tabhook $cmd -")
    for f in $flags; do
      grep -qx -- "$f" <<<"$offered" || fail "$sh: 'tabhook $cmd -' does not offer $f (from tabhook $cmd --help)"
    done
    IFS=';' read -ra pairs <<<"$values"
    for pair in "${pairs[@]}"; do
      flag=${pair%%=*}
      want=$(tr ',' '\n' <<<"${pair#*=}" | sort)
      got=$($words "tabhook $cmd $flag " | sort)
      [ "$got" = "$want" ] || fail "$sh: 'tabhook $cmd $flag' offers '$(tr '\n' ' ' <<<"$got")', --help lists '$(tr '\n' ' ' <<<"$want")'"
    done
  done <"$work/cli.tsv"
}

spec=$(bash --norc --noprofile -c 'source "$1"; complete -p tabhook' _ "$bash_file")
[ "$spec" = "complete -F _tabhook tabhook" ] || fail "complete -p tabhook: '$spec'"
# bash splits --format=g at the '=' (COMP_WORDBREAKS).
[ "$(bash_words "tabhook validate --format = g")" = github ] || fail "bash: 'validate --format=g' does not complete to github"
check_shell bash bash_words

command -v zsh >/dev/null || fail "zsh is not installed (scripts/install-deps.sh installs it)"
zsh -n "$zsh_file" || fail "zsh -n $zsh_file"
[ "$(zsh_words "tabhook validate --format=g")" = github ] || fail "zsh: 'validate --format=g' does not complete to github"
check_shell zsh zsh_words
echo "package_completions: ok ($(wc -w <<<"$commands") subcommands)"
