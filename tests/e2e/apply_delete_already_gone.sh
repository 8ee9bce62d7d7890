#!/usr/bin/env bash
# A prune whose webhook someone else deletes while tabhook's DELETE is on its way: Tableau's answer for an
# unknown id is unconfirmed (404 + 404050, another 404 code or a 400: fake-tableau's --unknown-webhook
# row), so apply lists the site and reports "already deleted by someone else" rather than reading a code.
# A delete whose response is lost is checked the same way. Both applies exit 0.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing "  prune: owned"
for n in keep stale lost; do add_webhook "$m" marketing "gitops-$n" WorkbookCreated "$FAKE_URL/_fake/receiver/$n"; done
run_tabhook 0 apply1 apply "$WORK/manifests" --test none
stale_id=$(api_list | awk -F'\t' '$1 == "gitops-stale" {print $2}')
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-keep WorkbookCreated "$FAKE_URL/_fake/receiver/keep"
add_webhook "$m" marketing gitops-lost WorkbookCreated "$FAKE_URL/_fake/receiver/lost"

# The DELETE waits in a latency fault; once the fake holds it (the fault's hits), alice deletes the webhook.
fake_fault "{\"kind\": \"latency\", \"latency_ms\": 3000, \"method\": \"DELETE\", \"path\": \"/api/*/sites/*/webhooks/$stale_id\"}" >/dev/null
log_clear
"$TABHOOK" apply "$WORK/manifests" --test none >"$WORK/apply2.out" 2>"$WORK/apply2.err" &
apply_pid=$!
for _ in $(seq 1 300); do
  # A busy machine may fail one poll: that is "not yet", not the end of the script (set -e).
  hits=$(curl -sf "$FAKE_URL/_fake/faults" | json_get 'sum(f["hits"] for f in d["faults"])') || hits=0
  [ "$hits" = 1 ] && break
  sleep 0.1
done
assert_eq "$hits" 1 "the DELETE reached the fake"
as_user alice-pat alice-pat-secret marketing
curl -sf -X DELETE "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks/$stale_id" -H "X-Tableau-Auth: $AS_TOKEN" >/dev/null ||
  fail "alice's DELETE of gitops-stale was refused"
rc=0
wait "$apply_pid" || rc=$?
[ "$rc" = 0 ] || { cat "$WORK/apply2.out" "$WORK/apply2.err" >&2; fail "apply exited $rc"; }
assert_contains "$WORK/apply2.out" "already deleted by someone else"
expected=404
[[ " ${FAKE_PROFILE_FLAGS:-} " =~ --unknown-webhook[=\ ]400\  ]] && expected=400
status=$(log_json | python3 -c '
import json, sys
print(" ".join(str(r["status"]) for r in json.load(sys.stdin)["requests"] if r["method"] == "DELETE" and r["user"] == "admin"))')
assert_eq "$status" "$expected" "the answer to tabhook's DELETE of a webhook already gone"
assert_eq "$(api_count_named gitops-stale)" 0 "gitops-stale"
fake_clear_faults >/dev/null

# A delete whose response is lost although it happened: a re-list shows it gone.
write_site "$m" marketing marketing "  prune: owned"
add_webhook "$m" marketing gitops-keep WorkbookCreated "$FAKE_URL/_fake/receiver/keep"
fake_fault '{"kind": "lose_response", "method": "DELETE"}' >/dev/null
run_tabhook 0 apply3 apply "$WORK/manifests" --test none --request-timeout-ms 5000
assert_contains "$WORK/apply3.out" "the delete's response was lost; the webhook is gone"
assert_eq "$(api_count_named gitops-lost)" 0 "gitops-lost"
assert_eq "$(api_count_named gitops-keep)" 1 "gitops-keep"
run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
echo "apply_delete_already_gone: ok"
