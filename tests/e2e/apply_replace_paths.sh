#!/usr/bin/env bash
# A changed webhook is replaced by create-then-delete; on a server that refuses duplicate names
# (--unique-names) by delete-then-create, and apply says so. Either way one webhook carries the name.
here="$(cd "$(dirname "$0")" && pwd)"
scenario() {
  local mode=$1
  source "$here/lib/fake.bash"
  if [ "$mode" = unique ]; then start_fake --unique-names; else start_fake; fi
  source "$here/lib/tabhook.bash"
  m="$WORK/manifests/site.yaml"
  write_site "$m" marketing marketing
  add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/first"
  run_tabhook 0 "apply-$mode-1" apply "$WORK/manifests"
  write_site "$m" marketing marketing
  add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/second"
  log_clear
  run_tabhook 0 "apply-$mode-2" apply "$WORK/manifests"
  order=$(log_write_methods)
  if [ "$mode" = unique ]; then
    assert_eq "$order" "POST DELETE POST" "requests on a server refusing duplicate names"
    assert_contains "$WORK/apply-$mode-2.out" "deleted the old webhook first"
  else
    assert_eq "$order" "POST DELETE" "replace order"
  fi
  as_user tabhook-ci tabhook-ci-secret marketing
  assert_eq "$(api_count_named gitops-a)" 1 "webhooks named gitops-a ($mode)"
  api_list | grep -q "/_fake/receiver/second" || fail "the replacement points at the new url ($mode)"
}
(scenario default)
(scenario unique)
echo "apply_replace_paths: ok"
