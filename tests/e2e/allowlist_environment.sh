#!/usr/bin/env bash
# TABHOOK_ALLOWED_SERVERS that is set but lists no server ("," or " " or ", ", what CI wiring such as
# "${A},${B}" yields when both are unset, or "") or holds an entry that is not a server URL is a usage
# error (exit 64) naming the variable, for every command that contacts a server, before any connection:
# it never falls back to "no allowlist", which would send credentials anywhere.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"

commands=(
  "plan $WORK/manifests"
  "apply $WORK/manifests"
  "drift $WORK/manifests"
  "test $WORK/manifests"
  "export $WORK/manifests --site marketing --inline-urls"
  "run $WORK/manifests --once"
)
log_clear
n=0
for value in "," " " ", " "" "tableau.example.com" "https://ok.example.com, tableau.example.com" "$FAKE_URL,SENTINEL-allow"; do
  for c in "${commands[@]}"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # the command line is split on purpose
    TABHOOK_ALLOWED_SERVERS="$value" run_tabhook 64 "blank-$n" $c
    assert_contains "$WORK/blank-$n.err" "TABHOOK_ALLOWED_SERVERS"
    assert_not_contains "$WORK/blank-$n.err" "SENTINEL"
  done
  assert_eq "$(log_count)" 0 "requests with TABHOOK_ALLOWED_SERVERS='$value'"
done
TABHOOK_ALLOWED_SERVERS=" , " run_tabhook 64 blank-message plan "$WORK/manifests"
assert_contains "$WORK/blank-message.err" "TABHOOK_ALLOWED_SERVERS is set but names no server"
assert_contains "$WORK/blank-message.err" "unset it for no allowlist"
TABHOOK_ALLOWED_SERVERS="https://a.example.com, tableau.example.com" run_tabhook 64 no-scheme plan "$WORK/manifests"
assert_contains "$WORK/no-scheme.err" "TABHOOK_ALLOWED_SERVERS: entry 2 is not a server URL"
assert_eq "$(log_count)" 0 "requests after the refused values"

# A valid list still works, with an empty entry left by unset wiring ignored; unset means no allowlist.
TABHOOK_ALLOWED_SERVERS="$FAKE_URL, " run_tabhook 0 allowed plan "$WORK/manifests"
TABHOOK_ALLOWED_SERVERS="https://other.example.com" run_tabhook 1 outside plan "$WORK/manifests"
assert_contains "$WORK/outside.err" "not in the allowlist"
unset TABHOOK_ALLOWED_SERVERS
run_tabhook 0 unset plan "$WORK/manifests"
echo "allowlist_environment: ok"
