#!/usr/bin/env bash
# export writes valid manifests for what a site has; planning them against the same site shows no change.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"

as_user alice-pat alice-pat-secret marketing
api_create team-refresh DatasourceRefreshFailed "$FAKE_URL/_fake/receiver/refresh?key=SENTINEL-exp" >/dev/null
api_create team-created WorkbookCreated "$FAKE_URL/_fake/receiver/created" false >/dev/null
write_site "$WORK/manifests/site.yaml" marketing marketing
run_tabhook 0 export export "$WORK/manifests" --site marketing --out "$WORK/manifests/adopted.yaml" --secrets-out "$WORK/adopted.env"
assert_eq "$(stat -c %a "$WORK/adopted.env")" 600 "secrets file mode"
assert_not_contains "$WORK/manifests/adopted.yaml" "SENTINEL-exp"
source_env "$WORK/adopted.env"
run_tabhook 0 validate validate "$WORK/manifests"
run_tabhook 0 plan plan "$WORK/manifests" --detailed-exitcode
assert_contains "$WORK/plan.out" "No changes."
run_tabhook 64 no-secrets export "$WORK/manifests" --site marketing
echo "export_roundtrip: ok"
