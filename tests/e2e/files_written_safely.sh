#!/usr/bin/env bash
# Every file tabhook writes that can hold a URL or a plan (plan --out, export --secrets-out, export
# --inline-urls --out, run --report) is created under an unpredictable name with O_EXCL|O_NOFOLLOW and
# renamed into place, mode 0600 whatever the umask. A symlink planted where the old code wrote its
# temporary file ("<FILE>.tmp.<pid>") or at the output itself never leads to the file it points to, and
# a file another user planted there never receives the content.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

export RUNTIME_DIRECTORY="$WORK/run"
mkdir -p "$RUNTIME_DIRECTORY"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a/SENTINEL-declared"
as_user alice-pat alice-pat-secret marketing
api_create alice-hook WorkbookCreated "$FAKE_URL/_fake/receiver/alice/SENTINEL-alice" >/dev/null

# The victim stands for a file of another owner elsewhere (say /etc/shadow): it must stay as it is.
victim="$WORK/victim"
printf 'precious\n' >"$victim"
chmod 0644 "$victim"
out="$WORK/shared"
mkdir -p "$out"
chmod 1777 "$out" # a shared directory, like /tmp

# planted_run EXPECTED NAME FILE... -- ARGS...: runs tabhook with umask 0 and, at each FILE's old
# temporary name for this very process ("FILE.tmp.<pid>"; bash's exec keeps the pid), a symlink to the
# victim. Output goes to $WORK/NAME.{out,err}.
planted_run() {
  local expected=$1 name=$2
  shift 2
  local files=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  local rc=0
  bash -c '
    victim=$1; n=$2; shift 2
    for f in "${@:1:n}"; do ln -s "$victim" "$f.tmp.$$"; done
    shift "$n"
    umask 0
    exec "$@"' planted "$victim" "${#files[@]}" "${files[@]}" "$TABHOOK" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  if [ "$rc" != "$expected" ]; then
    cat "$WORK/$name.err" >&2
    fail "tabhook $* exited $rc, expected $expected"
  fi
}

# plan --out: with a planted symlink at the old temporary name, and the output itself a symlink.
ln -s "$victim" "$out/plan.json"
planted_run 0 plan "$out/plan.json" -- plan "$WORK/manifests" --out "$out/plan.json"

# export --secrets-out: and a file another user created at the old temporary name, still open for
# reading, with the secrets file's own old name planted as well.
planted_run 0 export-refs "$out/secrets.env" "$out/adopted.yaml" -- \
  export "$WORK/manifests" --site marketing --secrets-out "$out/secrets.env" --out "$out/adopted.yaml"
printf 'planted\n' >"$out/foreign.env.tmp.planted"
chmod 0666 "$out/foreign.env.tmp.planted"
exec 7<"$out/foreign.env.tmp.planted"
bash -c 'ln "$1" "$2.tmp.$$"; umask 0; exec "${@:3}"' planted "$out/foreign.env.tmp.planted" "$out/foreign.env" \
  "$TABHOOK" export "$WORK/manifests" --site marketing --secrets-out "$out/foreign.env" --out "$out/adopted2.yaml" \
  >"$WORK/export-foreign.out" 2>"$WORK/export-foreign.err" || fail "export beside a foreign file failed"
assert_eq "$(cat <&7)" "planted" "the foreign file's content"
exec 7<&-

# export --inline-urls --out: the manifests hold URLs.
planted_run 0 export-inline "$out/inline.yaml" -- \
  export "$WORK/manifests" --site marketing --inline-urls --out "$out/inline.yaml"

# run --report, one cycle (exit 2: gitops-a is missing, which is drift).
ln -s "$victim" "$out/report.json"
planted_run 2 run "$out/report.json" -- run "$WORK/manifests" --once --report "$out/report.json"

assert_eq "$(cat "$victim")" "precious" "the victim's content"
assert_eq "$(stat -c %a "$victim")" 644 "the victim's mode"
for f in plan.json secrets.env foreign.env inline.yaml report.json; do
  [ -f "$out/$f" ] && [ ! -L "$out/$f" ] || fail "$f is not a regular file"
  assert_eq "$(stat -c %a "$out/$f")" 600 "$f's mode"
done
assert_eq "$(stat -c %a "$out/adopted.yaml")" 644 "manifests without URLs"
assert_contains "$out/secrets.env" "SENTINEL-alice"
assert_contains "$out/foreign.env" "SENTINEL-alice"
assert_contains "$out/inline.yaml" "SENTINEL-alice"
assert_contains "$out/report.json" '"drift"'
assert_contains "$out/plan.json" '"tabhook-saved-plan"'
# Nothing else appeared: no temporary file left behind.
leftover=$(find "$out" -mindepth 1 -newer "$victim" ! -name '*.tmp.*' ! -name plan.json ! -name secrets.env \
  ! -name foreign.env ! -name inline.yaml ! -name report.json ! -name adopted.yaml ! -name adopted2.yaml)
[ -z "$leftover" ] || fail "left behind: $leftover"
echo "files_written_safely: ok"
