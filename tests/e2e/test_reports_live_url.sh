#!/usr/bin/env bash
# `tabhook test` tests the live webhook, so it reports the live webhook's URL; when the manifest now declares
# another URL (not applied yet) it says so, and the receiver at the declared URL is never called.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

fp() { python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest()[:8])' "$1"; }

m="$WORK/manifests/site.yaml"
old="$FAKE_URL/_fake/receiver/old"
new="$FAKE_URL/_fake/receiver/new?status=500"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$old"
run_tabhook 0 apply apply "$WORK/manifests"
assert_contains "$WORK/apply.out" "1 receiver reported 2xx by Tableau's test, 0 failed (0 of them required)."

write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$new"
run_tabhook 0 test test "$WORK/manifests"
assert_contains "$WORK/test.out" "gitops-a  $FAKE_URL/…#$(fp "$old")  Tableau's test reported 200: ok  ok"
assert_contains "$WORK/test.out" "# tested the live webhook's URL; the manifest declares $FAKE_URL/…#$(fp "$new"): run apply"
assert_contains "$WORK/test.out" "Receiver tests: 1 receiver reported 2xx by Tableau's test, 0 failed (0 of them required)."
assert_eq "$(fake_receiver new | json_get 'len(d["requests"])')" 0 "the declared URL's receiver is not what test calls"
assert_eq "$(fake_receiver old | json_get 'len(d["requests"])')" 2 "the live webhook is tested: after apply, and by test"

run_tabhook 0 test-json test "$WORK/manifests" --format json
json_assert "$WORK/test-json.out" "test --format json does not report the URL it tested" "
t = site('marketing')['tests'][0]
assert t['url'].endswith('#$(fp "$old")'), t
assert t['declared_url'].endswith('#$(fp "$new")'), t
assert p['summary']['tests_passed'] == 1, p"

# Once applied, the URLs agree and nothing more is said.
run_tabhook 4 apply-new apply "$WORK/manifests"
run_tabhook 4 test-after test "$WORK/manifests"
assert_contains "$WORK/test-after.out" "gitops-a  $FAKE_URL/…#$(fp "$new")  Tableau's test reported 500: ok"
assert_not_contains "$WORK/test-after.out" "run apply"
assert_contains "$WORK/test-after.out" "Receiver tests: 0 receivers reported 2xx by Tableau's test, 1 failed (1 of them required)."
echo "test_reports_live_url: ok"
