#!/usr/bin/env bash
# --parallel auto (the default) against a server that rate-limits each site (fake-tableau --rate-limit:
# token bucket, 429 with Retry-After): the apply succeeds, every declared webhook exists exactly once and
# its receiver test passes, the server did answer 429s (the limit was met, not avoided), and -v reports
# the concurrency reached. --parallel takes auto or 1..64 and nothing else.
source "$(dirname "$0")/lib/fake.bash"
start_fake --rate-limit 20 --latency 5
source "$(dirname "$0")/lib/tabhook.bash"

N=30
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
for i in $(seq -w 1 "$N"); do add_webhook "$m" marketing "gitops-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/r$i"; done

log_clear
run_tabhook 0 apply apply "$WORK/manifests" -v

limited=$(log_json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rate_limited"])')
[ "$limited" -gt 0 ] || fail "the server answered no 429: the scenario did not reach the rate limit"
# Counted through the control API: the REST API is rate-limited for curl too.
fake_webhooks | python3 -c '
import collections, json, sys
n = int(sys.argv[1])
names = collections.Counter(w["name"] for w in json.load(sys.stdin)["webhooks"])
want = {f"gitops-{i:02}": 1 for i in range(1, n + 1)}
sys.exit(0 if dict(names) == want else f"webhooks by name: {dict(names)}")' "$N"
assert_contains "$WORK/apply.out" "Apply: $N done, 0 failed"
if [ -z "$(profile_test_answer)" ]; then
  assert_contains "$WORK/apply.out" "$N receivers reported 2xx"
fi
cat "$WORK/apply.out" "$WORK/apply.err" >"$WORK/apply.all"
grep -E '^site marketing: concurrency reached [0-9]+ \(limit now [0-9]+, [1-9][0-9]* throttled\)$' "$WORK/apply.all" \
  >/dev/null || { cat "$WORK/apply.all" >&2; fail "no -v line with the concurrency reached and the 429s"; }

# A second apply has nothing to do; a fixed limit still works against the same limit.
run_tabhook 0 again apply "$WORK/manifests" --parallel 3
assert_contains "$WORK/again.out" "No changes"

# tabhook test under the same limit.
run_tabhook 0 test test "$WORK/manifests" -v --parallel auto
cat "$WORK/test.out" "$WORK/test.err" >"$WORK/test.all"
assert_contains "$WORK/test.all" "site marketing: concurrency reached"

# Usage errors: exit 64, nothing sent.
log_clear
for bad in 0 65 -1 four 8x ''; do
  rc=0
  "$TABHOOK" apply "$WORK/manifests" --parallel "$bad" >"$WORK/bad.out" 2>"$WORK/bad.err" || rc=$?
  assert_eq "$rc" 64 "exit code of --parallel '$bad'"
  assert_contains "$WORK/bad.err" "--parallel"
done
assert_eq "$(log_count)" 0 "requests sent by refused --parallel values"
"$TABHOOK" apply --help >"$WORK/help.out"
grep -E -- '--parallel TEXT:auto\|1\.\.64=auto|--parallel TEXT:auto\|1\.\.64 \[auto\]' "$WORK/help.out" >/dev/null ||
  { cat "$WORK/help.out" >&2; fail "apply --help does not show --parallel auto|1..64 with its default"; }
