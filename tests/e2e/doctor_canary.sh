#!/usr/bin/env bash
# tabhook doctor --canary: creates tabhook-doctor-<random> webhooks, runs Tableau's test against the
# canary URL, tries a duplicate name, updates in place, deletes everything it created (verified by
# re-listing) and prints the server profile. Against the fake's defaults it learns every default value;
# with --unique-names it learns refuse-409. Round trip: the JSON profile loaded into a new fake with
# non-default rows (fake-tableau --profile FILE) is learned again by a new doctor run.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
CANARY="$FAKE_URL/_fake/receiver/canary"

# the profile of a doctor JSON file, as "row=value" lines in row order
profile_of() {
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["sites"][0]
for k in ["duplicate-names","expired-session","test-result","list-order","created-at","json-enabled",
          "json-error-code","json-single-item","unknown-webhook","update-status"]:
    print(k + "=" + s["profile"][k])' "$1"
}

run_tabhook 0 text doctor "$WORK/manifests" --canary "$CANARY"
out="$WORK/text.out"
assert_contains "$out" "  canary (writes: a disposable webhook, deleted again)"
assert_contains "$out" "  ok    create: created \"tabhook-doctor-"
assert_contains "$out" "(DatasourceDeleted) for $FAKE_URL/…#"
assert_contains "$out" "  ok    test: Tableau's test reported 200: \"ok\""
assert_contains "$out" "  ok    duplicate name: a second webhook with the same name was accepted: names need not be unique"
assert_contains "$out" "  ok    update in place: PUT disabled the canary in place"
assert_contains "$out" "  ok    cleanup: deleted 4 webhook(s); a re-list shows none named tabhook-doctor-"
assert_contains "$out" "  server profile (fake-tableau --profile rows):"
assert_contains "$out" "    duplicate-names   allow"
assert_contains "$out" "    list-order        created"
assert_not_contains "$out" "/_fake/receiver/canary"
assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "canary webhooks left"
# Tableau's test reached the canary receiver (once); the declared receiver got nothing.
assert_eq "$(fake_receiver canary | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')" 1 "canary receiver requests"
assert_eq "$(fake_receiver a | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')" 0 "declared receiver requests"

run_tabhook 0 json doctor "$WORK/manifests" --canary "$CANARY" --format json
assert_eq "$(profile_of "$WORK/json.out" | tr '\n' ' ')" \
  "duplicate-names=allow expired-session=401002 test-result=status list-order=created created-at=absent json-enabled=boolean json-error-code=string json-single-item=array unknown-webhook=404050 update-status=201 " \
  "the default profile"
assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "canary webhooks left"

# --unique-names (refuse-409): learned, and the refused duplicate leaves nothing behind either.
start_fake --unique-names
export TABLEAU_SERVER_URL="$FAKE_URL"
run_tabhook 0 unique doctor "$WORK/manifests" --canary "$FAKE_URL/_fake/receiver/canary" --format json
assert_eq "$(profile_of "$WORK/unique.out" | grep duplicate-names)" "duplicate-names=refuse-409" "unique names"
json_assert "$WORK/unique.out" "refused duplicate reported" '
c = {x["check"]: x for x in site("marketing")["canary_checks"]}
assert "refused" in c["duplicate name"]["message"] and "409" in c["duplicate name"]["message"], c'
assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "canary webhooks left"

# Round trip: a fake started with non-default rows → doctor learns them → a fake loaded with that
# profile → a new doctor run learns the same profile.
start_fake --duplicate-names refuse-409 --list-order reversed --update-status 200
export TABLEAU_SERVER_URL="$FAKE_URL"
run_tabhook 0 first doctor "$WORK/manifests" --canary "$FAKE_URL/_fake/receiver/canary" --format json
cp "$WORK/first.out" "$WORK/profile.json"
start_fake --profile "$WORK/profile.json"
export TABLEAU_SERVER_URL="$FAKE_URL"
run_tabhook 0 second doctor "$WORK/manifests" --canary "$FAKE_URL/_fake/receiver/canary" --format json
assert_eq "$(profile_of "$WORK/second.out")" "$(profile_of "$WORK/first.out")" "the profile survives the round trip"
assert_eq "$(profile_of "$WORK/first.out" | grep duplicate-names)" "duplicate-names=refuse-409" "round trip row"
assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "canary webhooks left"
# An older server (REST API 3.7): no in-place update, no `event` attribute; the canary skips the update,
# learns the rest, and still leaves nothing behind.
start_fake --api-version 3.7
export TABLEAU_SERVER_URL="$FAKE_URL"
run_tabhook 0 old doctor "$WORK/manifests" --canary "$FAKE_URL/_fake/receiver/canary"
assert_contains "$WORK/old.out" "tabhook will use REST API 3.7 (the server's); in-place update (3.8+): no; \`event\` attribute (3.9+): no (the webhook-source element is used)"
assert_contains "$WORK/old.out" "  ok    update in place: skipped: REST API 3.7 has no update (3.8+)"
assert_contains "$WORK/old.out" "    update-status     unknown  (no successful update)"
assert_contains "$WORK/old.out" "    duplicate-names   allow"
assert_eq "$(fake_count_prefix tabhook-doctor-)" 0 "canary webhooks left"
echo "doctor_canary: ok"
