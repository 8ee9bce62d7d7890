#!/usr/bin/env bash
# tabhook doctor --canary leaves zero webhooks behind even when the server misbehaves: a create whose
# response is lost although it happened, dropped connections on creates and deletes, deletes that fail
# with 500, the session expiring mid-canary, the duplicate create answered by a gateway 502. Verified
# through the fake's control API (GET /_fake/webhooks), not through tabhook.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
CANARY="$FAKE_URL/_fake/receiver/canary"
HOOKS='/api/*/sites/*/webhooks'
ONE='/api/*/sites/*/webhooks/*'

scenario() { # scenario NAME FAULTS_JSON
  fake_reset >/dev/null
  fake_fault "$2" >/dev/null
  local rc=0
  "$TABHOOK" doctor "$WORK/manifests" --canary "$CANARY" --retry-backoff-ms 1 --retry-max-backoff-ms 5 \
    --request-timeout-ms 5000 >"$WORK/$1.out" 2>"$WORK/$1.err" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 5 ] || { cat "$WORK/$1.out" "$WORK/$1.err" >&2; fail "$1: doctor exited $rc"; }
  fake_clear_faults >/dev/null
  assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "$1: canary webhooks left"
  # What could not be verified is said; what was verified says so.
  grep -q "cleanup: deleted .* a re-list shows none" "$WORK/$1.out" || { cat "$WORK/$1.out" >&2; fail "$1: cleanup not verified"; }
}

scenario lost-create "{\"kind\":\"lose_response\",\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":1}"
assert_contains "$WORK/lost-create.out" "  fail  create:"
scenario lost-duplicate "[{\"kind\":\"lose_response\",\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":2}]"
scenario dropped-creates "{\"kind\":\"drop\",\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":3}"
scenario lost-deletes "{\"kind\":\"lose_response\",\"method\":\"DELETE\",\"path\":\"$ONE\",\"count\":2}"
scenario dropped-deletes "{\"kind\":\"drop\",\"method\":\"DELETE\",\"path\":\"$ONE\",\"count\":3}"
scenario failing-deletes "{\"kind\":\"error\",\"status\":500,\"method\":\"DELETE\",\"path\":\"$ONE\",\"count\":4}"
scenario token-expiry "[{\"kind\":\"token_expiry\",\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":1},{\"kind\":\"token_expiry\",\"method\":\"DELETE\",\"path\":\"$ONE\",\"count\":1}]"
scenario gateway-on-duplicate "[{\"kind\":\"latency\",\"latency_ms\":1,\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":1},{\"kind\":\"error\",\"status\":502,\"method\":\"POST\",\"path\":\"$HOOKS\",\"count\":1}]"
scenario dropped-lists "{\"kind\":\"drop\",\"method\":\"GET\",\"path\":\"$HOOKS\",\"count\":3}"
echo "doctor_canary_faults: ok"
