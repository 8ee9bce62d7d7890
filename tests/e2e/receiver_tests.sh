#!/usr/bin/env bash
# Receiver tests after apply and on demand: a required receiver answering 500 fails the run (exit 4),
# a best-effort one is only reported, a skipped one is never called.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-ok WorkbookCreated "$FAKE_URL/_fake/receiver/ok"
add_webhook "$m" marketing gitops-best WorkbookCreated "$FAKE_URL/_fake/receiver/best?status=503" true best-effort
add_webhook "$m" marketing gitops-skip WorkbookCreated "$FAKE_URL/_fake/receiver/skip?status=500" true skip
run_tabhook 0 apply apply "$WORK/manifests"
assert_contains "$WORK/apply.out" "receiver answered 503 (2 attempts)"
assert_contains "$WORK/apply.out" "failed (best-effort: reported only)"
assert_not_contains "$WORK/apply.out" "gitops-skip  http"

add_webhook "$m" marketing gitops-bad WorkbookCreated "$FAKE_URL/_fake/receiver/bad?status=500"
run_tabhook 4 apply-bad apply "$WORK/manifests"
assert_contains "$WORK/apply-bad.out" "FAILED (required)"
run_tabhook 4 test test "$WORK/manifests" --format json
python3 - "$WORK/test.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
tests = {t["name"]: t for t in d["sites"][0]["tests"]}
assert set(tests) == {"gitops-ok", "gitops-best", "gitops-bad"}, tests
assert tests["gitops-ok"]["passed"] and tests["gitops-ok"]["status"] == 200
assert tests["gitops-bad"]["status"] == 500 and not tests["gitops-bad"]["passed"]
assert d["summary"]["required_tests_failed"] == 1
PY
echo "receiver_tests: ok"
