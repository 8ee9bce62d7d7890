#!/usr/bin/env bash
# Whatever is wrong with a manifest, no secret reaches the output of `tabhook validate`, in any format:
# not a literal PAT secret or password, not a URL's path or query, not a resolved reference.
set -euo pipefail
: "${TABHOOK:?path of the tabhook binary}" "${E2E_TMP:?scratch directory}"
dir="$E2E_TMP/validate_never_leaks_secrets"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"

cat > leaky.yaml <<'YAML'
apiVersion: tabhook/v1
kind: Site
metadata:
  name: marketing
spec:
  server: http://tableau.example.com/SENTINEL-SERVER-PATH?x=SENTINEL-SERVER-QUERY
  contentUrl: marketing
  auth:
    personalAccessToken:
      name: ci
      secret: SENTINEL-PAT-SECRET
---
apiVersion: tabhook/v1
kind: Site
metadata:
  name: other
spec:
  server: ${env:RESOLVED_SERVER}
  contentUrl: other
  auth:
    password:
      username: admin
      password: SENTINEL-PASSWORD
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: a, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: http://hooks.example.com/SENTINEL-URL-PATH?token=SENTINEL-URL-QUERY
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: b, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: "SENTINEL-NOT-A-URL"
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: c, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: https://hooks.example.com/SENTINEL-BEFORE-A-BAD-REFERENCE/${env:TOKEN
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: d, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: ${env:RESOLVED_URL}
---
apiVersion: tabhook/v1
kind: Webhook
metadata: {name: e, site: marketing}
spec:
  event: DatasourceRefreshFailed
  url: [SENTINEL-IN-A-LIST]
YAML
export RESOLVED_SERVER="http://SENTINEL-RESOLVED-HOST/SENTINEL-RESOLVED-PATH"
export RESOLVED_URL="ftp://hooks.example.com/SENTINEL-RESOLVED-URL"

checked=0
for format in text json github; do
    for flags in "" "--offline" "-v"; do
        set +e
        # shellcheck disable=SC2086
        "$TABHOOK" validate --format "$format" $flags leaky.yaml > out.txt 2>&1; rc=$?
        set -e
        [[ $rc -eq 1 ]] || { echo "FAIL $format $flags: exit $rc"; cat out.txt; exit 1; }
        [[ $(wc -l < out.txt) -ge 6 ]] || { echo "FAIL $format $flags: too few lines"; cat out.txt; exit 1; }
        if grep -n SENTINEL out.txt; then
            echo "FAIL: a secret leaked with --format $format $flags"; exit 1
        fi
        checked=$((checked + 1))
    done
done
echo "no secret in $checked outputs"
