#!/usr/bin/env bash
# A changed webhook is replaced by create-then-delete; on a server that refuses duplicate names
# (--duplicate-names refuse-409 or refuse-400: the status and code do not matter) by delete-then-create
# after a re-list shows the new one was not made, and apply says so. Either way one webhook carries the name.
# Under FAKE_PROFILE_FLAGS (the assumption matrix) the default scenario expects what that profile does.
here="$(cd "$(dirname "$0")" && pwd)"
scenario() {
  local mode=$1
  source "$here/lib/fake.bash"
  case "$mode" in
  unique) start_fake --duplicate-names refuse-409 ;;
  unique400) start_fake --duplicate-names refuse-400 ;;
  *)
    start_fake
    if fake_refuses_duplicates; then mode=unique; fi
    ;;
  esac
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
  if [ "$mode" != default ]; then
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
(scenario unique400)
echo "apply_replace_paths: ok"
