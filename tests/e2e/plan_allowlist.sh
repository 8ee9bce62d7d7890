#!/usr/bin/env bash
# With a server allowlist, tabhook never contacts (nor sends credentials to) a server outside it.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"
log_clear
run_tabhook 1 refused plan "$WORK/manifests" --allow-server https://10ax.online.tableau.com
assert_contains "$WORK/refused.err" "allowlist"
TABHOOK_ALLOWED_SERVERS="https://a.example.com, https://b.example.com" run_tabhook 1 refused-env plan "$WORK/manifests"
count=$(log_count)
assert_eq "$count" 0 "requests to a server outside the allowlist"
# A value that is not a server URL is a usage error, which does not repeat it (it may hold credentials).
run_tabhook 64 not-a-url plan "$WORK/manifests" --allow-server "user:SENTINEL@127.0.0.1:99"
assert_contains "$WORK/not-a-url.err" "--allow-server: takes a server URL such as https://tableau.example.com"
assert_not_contains "$WORK/not-a-url.err" "SENTINEL"
assert_eq "$(log_count)" 0 "requests after a usage error"
run_tabhook 0 allowed plan "$WORK/manifests" --allow-server "$FAKE_URL"
echo "plan_allowlist: ok"
