#!/usr/bin/env bash
# apply --plan reads only what plan --out writes: a regular file (a symlink to one is fine, the user
# named it) of bounded size. /dev/zero, a FIFO, a directory or a file over the bound is refused at
# once with exit 1 and the reason, and nothing is written to the site.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"

# refused NAME FILE REASON: apply --plan FILE exits 1 naming REASON and writes nothing.
refused() {
  log_clear
  timeout 60 "$TABHOOK" apply "$WORK/manifests" --plan "$2" >"$WORK/$1.out" 2>"$WORK/$1.err" && rc=0 || rc=$?
  assert_eq "$rc" 1 "apply --plan $2: exit status"
  assert_contains "$WORK/$1.err" "cannot read the saved plan $2: $3"
  assert_contains "$WORK/$1.err" "nothing applied"
  assert_eq "$(log_writes)" 0 "writes after apply --plan $2"
}

refused zero /dev/zero "it is not a regular file"
mkfifo "$WORK/fifo"
refused fifo "$WORK/fifo" "it is not a regular file"
refused directory "$WORK/manifests" "it is a directory"
truncate -s 257M "$WORK/huge.json"
refused huge "$WORK/huge.json" "it is larger than 256 MiB"
refused missing "$WORK/missing.json" "No such file or directory"
printf 'not json' >"$WORK/text.json"
refused text "$WORK/text.json" "it is not JSON"

# A symlink to a real saved plan is what the user named: executed.
run_tabhook 0 plan plan "$WORK/manifests" --out "$WORK/plan.json"
ln -s "$WORK/plan.json" "$WORK/plan-link.json"
run_tabhook 0 apply apply "$WORK/manifests" --plan "$WORK/plan-link.json"
assert_eq "$(api_count_named gitops-a)" 1 "gitops-a created from the saved plan"
echo "apply_saved_plan_not_a_plan: ok"
