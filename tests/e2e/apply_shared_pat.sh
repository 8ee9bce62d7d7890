#!/usr/bin/env bash
# Two sites on one server signing in with the same personal access token: signing in ends that PAT's
# earlier session, so tabhook works on such sites one after another, never side by side. apply
# converges with no failed write, and plan, drift and test agree afterwards.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

write_site "$WORK/manifests/default.yaml" default ""
write_site "$WORK/manifests/marketing.yaml" marketing marketing
for i in 1 2 3 4 5 6; do
  add_webhook "$WORK/manifests/default.yaml" default "gitops-d$i" WorkbookCreated "$FAKE_URL/_fake/receiver/d$i"
  add_webhook "$WORK/manifests/marketing.yaml" marketing "gitops-m$i" DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/m$i"
done

log_clear
run_tabhook 0 apply apply "$WORK/manifests" --parallel 4
assert_contains "$WORK/apply.out" "12 done, 0 failed"
assert_eq "$(api_list "" | wc -l | tr -d ' ')" 6 "webhooks on the default site"
assert_eq "$(api_list marketing | wc -l | tr -d ' ')" 6 "webhooks on marketing"
# Every write the fake answered succeeded: none met a session ended by the other site's sign-in.
log_json | python3 -c '
import json, sys
rs = [r for r in json.load(sys.stdin)["requests"] if "/auth/" not in r["path"] and r["method"] in ("POST", "PUT", "DELETE")]
bad = [(r["method"], r["path"], r["status"]) for r in rs if r["status"] >= 300]
sys.exit(f"writes that did not succeed: {bad}" if bad else 0)' || fail "a write failed while the sites shared a PAT"

run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
run_tabhook 0 drift drift "$WORK/manifests"
run_tabhook 0 test test "$WORK/manifests"
assert_contains "$WORK/test.out" "12 receivers reported 2xx by Tableau's test, 0 failed"
echo "apply_shared_pat: ok"
