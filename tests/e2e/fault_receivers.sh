#!/usr/bin/env bash
# Fault matrix: receivers that time out, answer 500, or cannot be reached during the post-apply test.
# Required tests fail the run (exit 4) and each receiver's status is reported; the webhooks are created
# all the same, and the next apply (nothing changed, nothing to test) exits 0.
source "$(dirname "$0")/lib/fake.bash"
start_fake --delivery-timeout-ms 500
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-slow WorkbookCreated "$FAKE_URL/_fake/receiver/slow?delay_ms=3000"
add_webhook "$m" marketing gitops-error WorkbookCreated "$FAKE_URL/_fake/receiver/error?status=500"
add_webhook "$m" marketing gitops-unreachable WorkbookCreated "http://127.0.0.1:9/closed-port"
add_webhook "$m" marketing gitops-fine WorkbookCreated "$FAKE_URL/_fake/receiver/fine"
run_tabhook 4 apply apply "$WORK/manifests" --format json
python3 - "$WORK/apply.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sites"][0]
assert all(o["status"] == "done" for o in s["outcomes"]), s["outcomes"]
t = {x["name"]: x for x in s["tests"]}
assert t["gitops-fine"]["passed"] and t["gitops-fine"]["status"] == 200, t
assert t["gitops-error"]["status"] == 500 and t["gitops-error"]["attempts"] == 2, t
for name in ("gitops-slow", "gitops-unreachable"):
    assert not t[name]["passed"], t[name]
    assert t[name]["status"] == 0 or t[name]["status"] >= 400, t[name]
assert d["summary"]["required_tests_failed"] == 3, d["summary"]
PY
for n in gitops-slow gitops-error gitops-unreachable gitops-fine; do assert_eq "$(api_count_named $n)" 1 "webhooks named $n"; done
run_tabhook 0 again apply "$WORK/manifests"
run_tabhook 4 retest test "$WORK/manifests"
echo "receivers: ok"
