#!/usr/bin/env zsh
# zsh_complete.zsh COMPLETION_DIR LINE: what zsh's completion system (compinit, with the completion
# function from COMPLETION_DIR) offers when TAB is pressed at the end of LINE, one match a line.
# An interactive zsh runs in a pseudo-terminal (zsh/zpty); compadd is wrapped so every match it adds is
# printed between two NUL lines, and the shell exits once the completion is done.
emulate -L zsh
zmodload zsh/zpty || exit 2
local dir=$1 line=$2 out
local init=${TMPDIR:-/tmp}/zsh-complete.$$.zsh
cat >$init <<INIT
PROMPT='' RPROMPT=''
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -d ${(q)init}.dump
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
compadd() {
  # -O, -A and -D fill an array instead of adding matches: not an offer.
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "\$@"; return; fi
  local -a hits; builtin compadd -A hits "\$@"
  (( \$#hits )) && print -rl -- \$hits
  # Add them too, so the completer sees matches and does not fall back to its next tag.
  builtin compadd "\$@"
}
null-line() { print -r -- \$'\\0' }
compprefuncs=(null-line)
comppostfuncs=(null-line exit)
INIT
zpty z zsh -f -i
zpty -w z "source ${(q)init}"
zpty -w -n z "$line"$'\t'
zpty -r z out $'*\0*\0' || { zpty -d z; rm -f $init $init.dump; exit 1; }
zpty -d z
rm -f $init $init.dump
out=${out#*$'\0'}
out=${out%$'\0'*}
print -r -- ${out//$'\r'/}
