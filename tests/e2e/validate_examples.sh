#!/usr/bin/env bash
# The example repository validates: offline with no environment at all, and fully resolved with the
# environment examples/README.md gives for the demo against fake-tableau.
set -euo pipefail
: "${TABHOOK:?path of the tabhook binary}" "${TABHOOK_SOURCE_DIR:?source tree}"
cd "$TABHOOK_SOURCE_DIR"

out=$(env -i PATH="$PATH" "$TABHOOK" validate --offline examples 2>&1)
[[ "$out" == "2 sites, 11 webhooks in 5 files: valid" ]] || { echo "FAIL offline: $out"; exit 1; }

if out=$(env -i PATH="$PATH" "$TABHOOK" validate examples 2>&1); then
    echo "FAIL: validated without the environment"; exit 1
fi
grep -q "error: url: cannot resolve \${env:SECURITY_HOOK_URL}: environment variable SECURITY_HOOK_URL is not set" <<<"$out" \
    || { echo "FAIL: unresolved references not reported: $out"; exit 1; }

PORT=48123
out=$(env -i PATH="$PATH" \
    TABLEAU_PRODUCTION_SERVER_URL=http://127.0.0.1:$PORT TABLEAU_PRODUCTION_PAT_NAME=tabhook-ci \
    TABLEAU_PRODUCTION_PAT_SECRET=tabhook-ci-secret TABLEAU_STAGING_SERVER_URL=http://127.0.0.1:$PORT \
    TABLEAU_STAGING_PAT_NAME=alice-pat TABLEAU_STAGING_PAT_SECRET=alice-pat-secret \
    DATA_PLATFORM_HOOK_URL=http://127.0.0.1:$PORT/_fake/receiver/data-platform \
    ANALYTICS_HOOK_URL=http://127.0.0.1:$PORT/_fake/receiver/analytics \
    SECURITY_HOOK_URL=http://127.0.0.1:$PORT/_fake/receiver/security \
    "$TABHOOK" validate examples 2>&1)
[[ "$out" == "2 sites, 11 webhooks in 5 files: valid" ]] || { echo "FAIL demo environment: $out"; exit 1; }
echo "examples validate"
