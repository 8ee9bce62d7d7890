# The fault matrix's common scenario (tests/README.md lists the rows). Source after lib/fake.bash and
# lib/tabhook.bash, with a fake started.
#
# fault_scenario NAME 'FAULT_JSON' 'ALLOWED_FIRST_EXIT_CODES' [extra apply args]
#   1. applies a first version of the manifests with no fault, and alice adds an unmanaged webhook;
#   2. changes the manifests (2 creates, 2 replaces, 1 prune), injects the fault and applies (running
#      the functions before_fault and during_fault, if the scenario defines them): the exit code must be one of
#      ALLOWED_FIRST_EXIT_CODES;
#   3. clears the faults and applies again: exit 0;
#   then asserts the site equals the manifests (a plan shows no change), no declared name has two live
#   webhooks, alice's webhook is untouched, and no secret appears in any output.
SENTINEL_PATH="SENTINEL-path-$$"
FAST_FLAGS=(--connect-timeout-ms 1000 --request-timeout-ms 1500 --retry-backoff-ms 20 --retry-max-backoff-ms 200)

fault_manifests() {  # fault_manifests VERSION
  local m="$WORK/manifests/site.yaml"
  write_site "$m" marketing marketing "  prune: owned"
  for i in 1 2 3 4; do add_webhook "$m" marketing "gitops-keep-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/keep-$i/$SENTINEL_PATH"; done
  if [ "$1" = 1 ]; then
    for i in 1 2; do add_webhook "$m" marketing "gitops-change-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/old-$i/$SENTINEL_PATH"; done
    add_webhook "$m" marketing gitops-retired WorkbookCreated "$FAKE_URL/_fake/receiver/retired/$SENTINEL_PATH"
  else
    for i in 1 2; do add_webhook "$m" marketing "gitops-change-$i" WorkbookCreated "$FAKE_URL/_fake/receiver/new-$i/$SENTINEL_PATH"; done
    for i in 1 2; do add_webhook "$m" marketing "gitops-new-$i" DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/new-$i/$SENTINEL_PATH"; done
  fi
}

fault_scenario() {
  local name=$1 fault=$2 allowed=$3
  shift 3
  fault_manifests 1
  run_tabhook 0 "$name-setup" apply "$WORK/manifests" "${FAST_FLAGS[@]}"
  as_user alice-pat alice-pat-secret marketing
  local alice_id
  alice_id=$(api_create alice-own WorkbookCreated "$FAKE_URL/_fake/receiver/alice")
  local alice_before
  alice_before=$(api_list | grep "$alice_id")

  fault_manifests 2
  curl -sf -X POST "$FAKE_URL/_fake/faults" -H 'Content-Type: application/json' -d "$fault" >/dev/null
  # A scenario may define before_fault (runs just before the faulted apply starts) and during_fault
  # (runs while it is in flight).
  if declare -F before_fault >/dev/null; then before_fault; fi
  local rc=0 pid
  "$TABHOOK" apply "$WORK/manifests" "${FAST_FLAGS[@]}" "$@" >"$WORK/$name-faulted.out" 2>"$WORK/$name-faulted.err" &
  pid=$!
  if declare -F during_fault >/dev/null; then during_fault; fi
  wait "$pid" || rc=$?
  # Under a test-result profile in which no receiver test passes, a clean apply exits 4 (lib/tabhook.bash).
  if [ "$rc" = 4 ] && [[ " $allowed " == *" 0 "* ]] && _tests_failed_as_profiled "$name-faulted"; then rc=0; fi
  case " $allowed " in
    *" $rc "*) ;;
    *) cat "$WORK/$name-faulted.out" "$WORK/$name-faulted.err" >&2; fail "$name: apply under the fault exited $rc, expected one of: $allowed" ;;
  esac
  curl -sf -X DELETE "$FAKE_URL/_fake/faults" >/dev/null
  run_tabhook 0 "$name-after" apply "$WORK/manifests" "${FAST_FLAGS[@]}"
  run_tabhook 0 "$name-plan" plan "$WORK/manifests" --detailed-exitcode

  local n
  for n in gitops-keep-1 gitops-keep-2 gitops-keep-3 gitops-keep-4 gitops-change-1 gitops-change-2 gitops-new-1 gitops-new-2; do
    assert_eq "$(api_count_named "$n")" 1 "$name: live webhooks named $n"
  done
  assert_eq "$(api_count_named gitops-retired)" 0 "$name: the pruned webhook"
  assert_eq "$(api_list | grep "$alice_id")" "$alice_before" "$name: alice's unmanaged webhook"
  local f
  for f in "$WORK"/*.out "$WORK"/*.err; do
    assert_not_contains "$f" "tabhook-ci-secret"
    assert_not_contains "$f" "$SENTINEL_PATH"
  done
  echo "$name: ok (first apply exited $rc)"
}
