#!/usr/bin/env bash
# export never writes a manifest that validate rejects: webhooks named outside the site's
# ownership.namePrefix, with "${" or a control character in the name, with an event tabhook does not
# know, or with a URL the manifest rules refuse are left out, each named (escaped) in a warning. With
# --inline-urls the manifests hold the URLs, so the --out file is private (0600).
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

python3 - "$WORK/seed.json" "$TABHOOK_SOURCE_DIR/tests/fake_tableau/seed.example.json" <<'PY'
import json, sys
out, example = sys.argv[1:]
hooks = [
    ("team-ok", "WorkbookCreated", "https://x.example.com/SENTINEL-ok"),
    ("team-also-ok", "DatasourceRefreshFailed", "https://x.example.com/SENTINEL-also"),
    ("other-foreign", "WorkbookCreated", "https://x.example.com/SENTINEL-foreign"),
    ("team-${env:HOME}", "WorkbookCreated", "https://x.example.com/SENTINEL-ref"),
    ("team-esc\u001b[2Jape", "WorkbookCreated", "https://x.example.com/SENTINEL-esc"),
    ("team-line\nbreak", "WorkbookCreated", "https://x.example.com/SENTINEL-nl"),
    ("team-unknown-event", "FlowCompleted", "https://x.example.com/SENTINEL-event"),
    ("team-plain-http", "WorkbookCreated", "http://x.example.com/SENTINEL-http"),
]
seed = json.load(open(example))
seed["webhooks"] = [{"site": "marketing", "name": n, "event": e, "url": u, "owner": "alice"} for n, e, u in hooks]
json.dump(seed, open(out, "w"))
PY
fake_reset "$WORK/seed.json" >/dev/null

write_site "$WORK/manifests/site.yaml" marketing marketing "  ownership:
    namePrefix: team-"

check_export() { # check_export NAME: the warnings of run NAME name every webhook left out
  local err="$WORK/$1.err"
  assert_contains "$err" "exported 2 webhook(s)"
  assert_contains "$err" "webhook other-foreign (id "
  assert_contains "$err" "its name is outside the site's ownership.namePrefix 'team-'"
  assert_contains "$err" 'webhook team-${env:HOME} (id '
  assert_contains "$err" "its name contains '\${'"
  assert_contains "$err" 'webhook team-esc\x1b[2Jape (id '
  assert_contains "$err" 'webhook team-line\nbreak (id '
  assert_contains "$err" "its name contains a control character"
  assert_contains "$err" "its event 'FlowCompleted' is not in tabhook's catalogue"
  assert_contains "$err" "webhook team-plain-http (id "
  assert_contains "$err" "its URL does not use https://"
  if grep -q $'\x1b' "$err"; then fail "an escape character reached the terminal"; fi
  assert_not_contains "$err" "SENTINEL"
}

# References and a secrets file.
mkdir -p "$WORK/refs"
cp "$WORK/manifests/site.yaml" "$WORK/refs/"
run_tabhook 0 export-refs export "$WORK/manifests" --site marketing --out "$WORK/refs/adopted.yaml" \
  --secrets-out "$WORK/refs.env"
check_export export-refs
assert_eq "$(stat -c %a "$WORK/refs/adopted.yaml")" 644 "a manifest without URLs is not private"
assert_eq "$(wc -l <"$WORK/refs.env")" 2 "secrets lines"
(
  source_env "$WORK/refs.env"
  run_tabhook 0 validate-refs validate "$WORK/refs"
)

# URLs inline: the file is private, and validates (offline too).
mkdir -p "$WORK/inline"
cp "$WORK/manifests/site.yaml" "$WORK/inline/"
run_tabhook 0 export-inline export "$WORK/manifests" --site marketing --out "$WORK/inline/adopted.yaml" --inline-urls
check_export export-inline
assert_eq "$(stat -c %a "$WORK/inline/adopted.yaml")" 600 "a manifest with inline URLs is private"
assert_contains "$WORK/inline/adopted.yaml" "SENTINEL-ok"
assert_not_contains "$WORK/inline/adopted.yaml" "SENTINEL-foreign"
run_tabhook 0 validate-inline validate "$WORK/inline"
run_tabhook 0 validate-offline validate --offline "$WORK/inline"
echo "export_skips_invalid: ok"
