#!/usr/bin/env bash
# export --secrets-out writes a file that bash, dash (`set -a; . FILE`) and systemd's EnvironmentFile=
# read back byte for byte, whatever another admin put in a URL: command substitutions, backquotes,
# $VARS, both kinds of quote, spaces and backslashes stay text and run nothing.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

# The hostile URLs, by webhook name; every command in them would create a file under $WORK/pwned.
mkdir -p "$WORK/pwned"
P="$WORK/pwned"
python3 - "$WORK/seed.json" "$WORK/expected.json" "$TABHOOK_SOURCE_DIR/tests/fake_tableau/seed.example.json" "$P" <<'PY'
import json, sys
seed_out, expected_out, example, p = sys.argv[1:]
urls = {
    "subst": "https://x.example.com/$(touch${IFS}" + p + "/subst)",
    "backquote": "https://x.example.com/`touch " + p + "/backquote`",
    "vars": "https://x.example.com/$HOME/${PATH}/$$/$1",
    "single-quote": "https://x.example.com/it's?q='a'\\''b'&c=$(touch " + p + "/sq)",
    "double-quote": "https://x.example.com/\"$(touch " + p + "/dq)\"/'x'",
    "space": "https://x.example.com/a b/c  d",
    "backslash": "https://x.example.com/back\\slash\\\\/\\$(touch " + p + "/bs)/\\'",
    "separator": "https://x.example.com/;touch " + p + "/semi;#not-a-comment",
    "unicode": "https://x.example.com/ünïcode/€",
    # Double-quoted on export, without a '$' so that the systemd check below covers it too.
    "quotes-no-dollar": "https://x.example.com/it's/\"q\"/back\\slash/`echo x`/'\\''",
}
seed = json.load(open(example))
seed["webhooks"] = [{"site": "marketing", "name": "hostile-" + n, "event": "WorkbookCreated", "url": u, "owner": "alice"}
                    for n, u in urls.items()]
json.dump(seed, open(seed_out, "w"))
expected = {"TABHOOK_URL_HOSTILE_" + n.upper().replace("-", "_"): u for n, u in urls.items()}
json.dump(expected, open(expected_out, "w"))
PY
fake_reset "$WORK/seed.json" >/dev/null

write_site "$WORK/manifests/site.yaml" marketing marketing
run_tabhook 0 export export "$WORK/manifests" --site marketing --out "$WORK/manifests/adopted.yaml" \
  --secrets-out "$WORK/adopted.env"
assert_eq "$(stat -c %a "$WORK/adopted.env")" 600 "secrets file mode"
assert_contains "$WORK/export.err" "exported 10 webhook(s)"

# compare_env NAME JSON_FILE: the TABHOOK_URL_* values in JSON_FILE equal the seeded URLs byte for byte.
compare_env() {
  python3 - "$WORK/expected.json" "$2" "$1" <<'PY' || fail "$1 did not read the values back"
import json, sys
expected = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
bad = [k for k in expected if got.get(k) != expected[k]]
for k in bad:
    print(f"{sys.argv[3]}: {k}: expected {expected[k]!r}, got {got.get(k)!r}", file=sys.stderr)
assert not bad and len(got) == len(expected), (sorted(got), sorted(expected))
PY
}
dump_env='import json, os; print(json.dumps({k: v for k, v in os.environ.items() if k.startswith("TABHOOK_URL_")}))'

# POSIX shells: bash and dash source it.
env -i PATH="$PATH" bash -c 'set -a; . "$1"; python3 -c "$2"' bash "$WORK/adopted.env" "$dump_env" >"$WORK/bash.json"
compare_env bash "$WORK/bash.json"
if command -v dash >/dev/null; then
  env -i PATH="$PATH" dash -c 'set -a; . "$1"; python3 -c "$2"' dash "$WORK/adopted.env" "$dump_env" >"$WORK/dash.json"
  compare_env dash "$WORK/dash.json"
fi
leftovers=$(ls -A "$P")
[ -z "$leftovers" ] || fail "sourcing the secrets file ran commands: $leftovers"

# systemd reads EnvironmentFile= with its own parser (not a shell). Without a service manager to run a
# unit, its environment.d generator is the same parser (parse_env_file_internal); it also expands $VAR,
# which EnvironmentFile= does not, so only the values without a '$' are compared through it. The rest
# is pinned by the parser test in tests/unit/report/env_file_test.cpp.
generator=/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator
if [ -x "$generator" ]; then
  mkdir -p "$WORK/xdg/environment.d"
  cp "$WORK/adopted.env" "$WORK/xdg/environment.d/50-adopted.conf"
  env -i XDG_CONFIG_HOME="$WORK/xdg" HOME="$WORK" "$generator" >"$WORK/systemd.env"
  # The generator writes what it read in systemd's own quoting, which a shell reads back.
  env -i PATH="$PATH" bash -c 'set -a; . "$1"; python3 -c "$2"' bash "$WORK/systemd.env" "$dump_env" >"$WORK/systemd.json"
  python3 - "$WORK/expected.json" "$WORK/systemd.json" <<'PY' || fail "systemd did not read the values back"
import json, sys
expected = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
checked = 0
for k, v in expected.items():
    if "$" in v:
        continue
    assert got.get(k) == v, f"{k}: expected {v!r}, got {got.get(k)!r}"
    checked += 1
assert checked >= 5, checked  # backquote, space, separator, unicode, quotes-no-dollar
PY
  [ -z "$(ls -A "$P")" ] || fail "systemd's parser ran a command"
else
  echo "export_secrets_safe_to_source: no systemd environment generator here; the parser unit test stands in"
fi

# The file round-trips: with the values exported, the adopted manifests validate and plan no change.
source_env "$WORK/adopted.env"
run_tabhook 0 validate validate "$WORK/manifests"
run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
assert_contains "$WORK/plan.out" "No changes."
[ -z "$(ls -A "$P")" ] || fail "a command ran"
echo "export_secrets_safe_to_source: ok"
