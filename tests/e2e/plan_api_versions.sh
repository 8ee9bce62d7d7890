#!/usr/bin/env bash
# API version negotiation through serverinfo: a server below 3.6 is refused with a clear message and is
# sent nothing else; at 3.7 creates name the event as a webhook-source element and in-place updates
# (PUT, 3.8+) fall back to replacing; a pinned restApiVersion skips serverinfo.
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib/fake.bash"

# Too old.
start_fake --api-version 3.5
source "$here/lib/tabhook.bash"
m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
run_tabhook 1 old plan "$WORK/manifests"
assert_contains "$WORK/old.err" "3.5"
assert_eq "$(log_json | python3 -c 'import json,sys; print(",".join(sorted({r["path"].split("/")[-1] for r in json.load(sys.stdin)["requests"]})))')" \
  "serverinfo" "requests sent to a server that is too old"
stop_fake

# 3.7: the element form, and no PUT.
start_fake --api-version 3.7
export TABLEAU_SERVER_URL="$FAKE_URL"
write_site "$m" marketing marketing "  updateStrategy: in-place"
add_webhook "$m" marketing gitops-a DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/a"
run_tabhook 0 create apply "$WORK/manifests"
api_list | grep -q "DatasourceRefreshFailed" || fail "the webhook's event is not DatasourceRefreshFailed"
write_site "$m" marketing marketing "  updateStrategy: in-place"
add_webhook "$m" marketing gitops-a DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/b"
run_tabhook 0 plan37 plan "$WORK/manifests"
assert_contains "$WORK/plan37.out" "-/+ gitops-a"
log_clear
run_tabhook 0 replace37 apply "$WORK/manifests"
assert_eq "$(log_write_methods)" "POST DELETE" "writes on a 3.7 server"
stop_fake

# 3.24 with restApiVersion pinned: no serverinfo, and in-place updates use PUT.
start_fake
export TABLEAU_SERVER_URL="$FAKE_URL"
write_site "$m" marketing marketing '  restApiVersion: "3.24"
  updateStrategy: in-place'
add_webhook "$m" marketing gitops-a DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/a"
run_tabhook 0 create24 apply "$WORK/manifests"
write_site "$m" marketing marketing '  restApiVersion: "3.24"
  updateStrategy: in-place'
add_webhook "$m" marketing gitops-a DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/b"
log_clear
run_tabhook 0 update24 apply "$WORK/manifests"
assert_eq "$(log_write_methods)" "PUT" "writes for an in-place update at 3.24"
log_json | python3 -c 'import json,sys; assert not any(r["path"].endswith("serverinfo") for r in json.load(sys.stdin)["requests"])' ||
  fail "a pinned restApiVersion still asked serverinfo"
echo "plan_api_versions: ok"
