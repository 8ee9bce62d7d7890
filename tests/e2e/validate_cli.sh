#!/usr/bin/env bash
# `tabhook validate` as CI uses it: exit codes, where each output goes, the github and json formats,
# -v, directories, --offline and --allow-literal-secrets.
set -euo pipefail
: "${TABHOOK:?path of the tabhook binary}" "${E2E_TMP:?scratch directory}"
dir="$E2E_TMP/validate_cli"
rm -rf "$dir" && mkdir -p "$dir/repo/sites" "$dir/repo/webhooks" "$dir/repo/.github" "$dir/repo/k8s"
cd "$dir"
fail() { echo "FAIL: $*"; exit 1; }

cat > repo/sites/site.yaml <<'YAML'
apiVersion: tabhook/v1
kind: Site
metadata:
  name: marketing
spec:
  server: ${env:SERVER}
  contentUrl: marketing
  auth:
    personalAccessToken:
      name: ci
      secret: ${env:PAT_SECRET}
YAML
cat > repo/webhooks/a.yaml <<'YAML'
apiVersion: tabhook/v1
kind: Webhook
metadata:
  name: a
  site: marketing
spec:
  event: DatasourceRefreshFailed
  url: https://relay.example.com/a
YAML
printf 'apiVersion: apps/v1\nkind: Deployment\n' > repo/k8s/deploy.yaml
printf 'broken: [\n' > repo/.github/ignored.yaml
export SERVER=https://tableau.example.com PAT_SECRET=s

# Valid: the summary on stdout, nothing on stderr, exit 0.
"$TABHOOK" validate repo > out.txt 2> err.txt || fail "valid repo: exit $?"
[[ "$(cat out.txt)" == "1 site, 1 webhook in 3 files: valid" ]] || fail "summary: $(cat out.txt)"
[[ ! -s err.txt ]] || fail "stderr on success: $(cat err.txt)"

# -v lists the skipped document on stderr.
"$TABHOOK" validate -v repo > out.txt 2> err.txt
[[ "$(cat err.txt)" == "skipped repo/k8s/deploy.yaml:1:1: apiVersion apps/v1, kind Deployment" ]] || fail "-v: $(cat err.txt)"

# Usage errors: no path, an unknown format.
set +e
"$TABHOOK" validate > /dev/null 2>&1; rc=$?
[[ $rc -eq 64 ]] || fail "no path: exit $rc, expected 64"
"$TABHOOK" validate --format yaml repo > /dev/null 2>&1; rc=$?
[[ $rc -eq 64 ]] || fail "bad format: exit $rc, expected 64"
set -e

# Invalid: errors on stderr as file:line:col: error: message, exit 1.
cat > repo/webhooks/b.yaml <<'YAML'
apiVersion: tabhook/v1
kind: Webhook
metadata:
  name: a
  site: marketing
spec:
  event: DatasourceRefreshFaild
  url: https://relay.example.com/b
YAML
set +e
"$TABHOOK" validate repo > out.txt 2> err.txt; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "invalid: exit $rc"
expected="repo/webhooks/b.yaml:4:9: error: webhook 'a' is already declared for site 'marketing' at repo/webhooks/a.yaml:4:9
repo/webhooks/b.yaml:7:10: error: unknown event 'DatasourceRefreshFaild'; did you mean 'DatasourceRefreshFailed'?"
[[ "$(cat err.txt)" == "$expected" ]] || fail "text errors: $(cat err.txt)"
[[ "$(cat out.txt)" == "1 site, 2 webhooks in 4 files: 2 errors" ]] || fail "summary: $(cat out.txt)"

# GitHub annotations on stdout.
set +e
"$TABHOOK" validate --format github repo > out.txt 2> err.txt
set -e
grep -qx "::error file=repo/webhooks/b.yaml,line=7,col=10::unknown event 'DatasourceRefreshFaild'; did you mean 'DatasourceRefreshFailed'?" out.txt \
    || fail "github: $(cat out.txt)"

# JSON: versioned and complete.
set +e
"$TABHOOK" validate --format json repo > out.json
set -e
python3 - out.json <<'PY' || fail "json: $(cat out.json)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format_version"] == "1" and d["valid"] is False, d
assert d["summary"] == {"files": 4, "sites": 1, "webhooks": 2, "errors": 2}, d["summary"]
e = d["errors"][1]
assert e == {"file": "repo/webhooks/b.yaml", "line": 7, "column": 10, "rule": "unknown-event",
             "message": "unknown event 'DatasourceRefreshFaild'; did you mean 'DatasourceRefreshFailed'?"}, e
assert d["skipped"] == ["repo/k8s/deploy.yaml:1:1: apiVersion apps/v1, kind Deployment"], d["skipped"]
PY
rm repo/webhooks/b.yaml

# --offline needs no environment; without it an unset variable fails closed.
unset SERVER PAT_SECRET
"$TABHOOK" validate --offline repo > /dev/null || fail "--offline should not resolve references"
set +e
"$TABHOOK" validate repo > /dev/null 2> err.txt; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "unset variable: exit $rc"
grep -q "repo/sites/site.yaml:6:11: error: server: cannot resolve \${env:SERVER}: environment variable SERVER is not set" err.txt \
    || fail "unset variable: $(cat err.txt)"

# A literal secret needs --allow-literal-secrets.
sed -i 's/secret: ${env:PAT_SECRET}/secret: written-here/' repo/sites/site.yaml
set +e
"$TABHOOK" validate --offline repo > /dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "literal secret accepted"
"$TABHOOK" validate --offline --allow-literal-secrets repo > /dev/null || fail "--allow-literal-secrets"
echo "validate cli: ok"
