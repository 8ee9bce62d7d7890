#!/usr/bin/env bash
# Receiver tests after apply and on demand: a required receiver answering 500 fails the run (exit 4),
# a best-effort one is only reported, a skipped one is never called. Results say what Tableau's test
# reported (Tableau, not tabhook, talks to the receiver). Profile-aware: under --test-result agent-404
# every test reports 404 "agent not found" and no receiver is contacted; under no-status every test
# reports no status; either way no test passes and a required one fails the run.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
profile=$(profile_value test-result)

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-ok WorkbookCreated "$FAKE_URL/_fake/receiver/ok"
add_webhook "$m" marketing gitops-best WorkbookCreated "$FAKE_URL/_fake/receiver/best?status=503" true best-effort
add_webhook "$m" marketing gitops-skip WorkbookCreated "$FAKE_URL/_fake/receiver/skip?status=500" true skip
if [ "$profile" = status ]; then
  run_tabhook 0 apply apply "$WORK/manifests"
  assert_contains "$WORK/apply.out" "Tableau's test reported 503: ok (2 attempts)"
  assert_contains "$WORK/apply.out" "site marketing: tested gitops-ok: Tableau's test reported 200: ok: ok"
  # The final report repeats no test that passed: its live line above is enough.
  assert_not_contains "$WORK/apply.out" "gitops-ok  $FAKE_URL/"
else
  # gitops-ok cannot pass either: the run fails on it, and says what Tableau reported.
  run_tabhook 4 apply apply "$WORK/manifests"
  assert_contains "$WORK/apply.out" "$(profile_test_answer)"
  assert_contains "$WORK/apply.out" "0 receivers reported 2xx by Tableau's test, 2 failed (1 of them required)"
fi
assert_contains "$WORK/apply.out" "failed (best-effort: reported only)"
assert_not_contains "$WORK/apply.out" "gitops-skip  http"
assert_not_contains "$WORK/apply.out" "receiver answered"
received() { curl -fsS "$FAKE_URL/_fake/receiver/$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'; }
case "$profile" in # a test that does not pass is tried twice
  status) assert_eq "$(received ok)" 1 "requests that reached the receiver" ;;
  no-status) assert_eq "$(received ok)" 2 "requests that reached the receiver" ;;
  agent-404) assert_eq "$(received ok)" 0 "requests that reached the receiver" ;;
esac

add_webhook "$m" marketing gitops-bad WorkbookCreated "$FAKE_URL/_fake/receiver/bad?status=500"
run_tabhook 4 apply-bad apply "$WORK/manifests"
assert_contains "$WORK/apply-bad.out" "FAILED (required)"
run_tabhook 4 test test "$WORK/manifests" --format json
python3 - "$WORK/test.out" "$profile" <<'PY'
import json, sys
d, profile = json.load(open(sys.argv[1])), sys.argv[2]
tests = {t["name"]: t for t in d["sites"][0]["tests"]}
assert set(tests) == {"gitops-ok", "gitops-best", "gitops-bad"}, tests
if profile == "status":
    assert tests["gitops-ok"]["passed"] and tests["gitops-ok"]["status"] == 200
    assert tests["gitops-bad"]["status"] == 500 and not tests["gitops-bad"]["passed"]
    assert d["summary"]["required_tests_failed"] == 1
else:
    for t in tests.values():
        assert not t["passed"] and t["error"] is None, t
        if profile == "agent-404":
            assert t["status"] == 404 and t["body"] == "agent not found", t
        else:
            assert t["status"] is None, t
    assert d["summary"]["required_tests_failed"] == 2
PY
echo "receiver_tests: ok"
