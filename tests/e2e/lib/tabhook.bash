# Shared helpers for end-to-end scenarios: a work directory, manifests for fake-tableau's default seed,
# direct REST calls as another account, and assertions. Source after lib/fake.bash.
set -euo pipefail

: "${TABHOOK:?TABHOOK must point at the tabhook binary}"
WORK=$(mktemp -d "${E2E_TMP:-/tmp}/tabhook-e2e.XXXXXX")
mkdir -p "$WORK/manifests"
export NO_COLOR=1

fail() { echo "FAIL: $*" >&2; exit 1; }
assert_eq() { [ "$1" = "$2" ] || fail "${3:-values differ}: expected '$2', got '$1'"; }
assert_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 lacks '$2'"; }; }
assert_not_contains() { ! grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 contains '$2'"; }; }

# The test-result row of the assumption matrix: under --test-result no-status or agent-404 no receiver test
# can pass (only a reported 2xx does), so a run that tests a required webhook exits 4 where the scenario
# expects 0. profile_test_answer prints what each test must then report (empty under the default).
profile_test_answer() {
  case "$(profile_value test-result 2>/dev/null || true)" in
    agent-404) echo "Tableau's test reported 404: agent not found" ;;
    no-status) echo "Tableau's test reported no HTTP status" ;;
  esac
}

# _tests_failed_as_profiled NAME: true when run NAME exited 4 only because of the profile: no operation
# failed, no test passed, and every test reports the profile's answer.
_tests_failed_as_profiled() {
  local name=$1 answer
  answer=$(profile_test_answer)
  [ -n "$answer" ] || return 1
  python3 - "$WORK/$name.out" "$answer" <<'PY'
import json, re, sys
text, answer = open(sys.argv[1], encoding="utf-8", errors="replace").read(), sys.argv[2]
try:
    doc = json.loads(text)
except ValueError:
    doc = None
if isinstance(doc, dict) and "sites" in doc:
    s = doc["summary"]
    tests = [t for site in doc["sites"] for t in site["tests"]]
    ok = (s.get("failed", 0) == 0 and s["tests_passed"] == 0 and s["required_tests_failed"] > 0 and
          all(t["error"] is None and not t["passed"] and
              (t["status"] is None if "no HTTP status" in answer else (t["status"], t["body"]) == (404, "agent not found"))
              for t in tests))
else:
    lines = [l for l in text.splitlines() if "FAILED (required)" in l or "failed (best-effort" in l]
    ok = (bool(lines) and all(answer in l for l in lines) and not re.search(r"\b[1-9]\d* receivers? reported 2xx", text)
          and not re.search(r"Apply: \d+ done, [1-9]", text))
sys.exit(0 if ok else 1)
PY
}

# run_tabhook EXPECTED_EXIT NAME ARGS...: runs tabhook, keeps stdout/stderr in $WORK/NAME.{out,err}.
# Under a test-result profile in which no test passes, an expected 0 means 4 with every test failing as
# the profile says (and 0 when no required test ran).
run_tabhook() {
  local expected=$1 name=$2
  shift 2
  local rc=0
  "$TABHOOK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  if [ "$expected" = 0 ] && [ "$rc" = 4 ] && _tests_failed_as_profiled "$name"; then rc=0; fi
  if [ "$expected" = 0 ] && [ "$rc" = 0 ] && [ -n "$(profile_test_answer)" ] &&
    grep -Eq '\b[1-9][0-9]* receivers? reported 2xx' "$WORK/$name.out"; then
    fail "tabhook $*: a receiver test passed under FAKE_PROFILE_FLAGS='$FAKE_PROFILE_FLAGS'"
  fi
  if [ "$rc" != "$expected" ]; then
    echo "--- stdout:" >&2; cat "$WORK/$name.out" >&2
    echo "--- stderr:" >&2; cat "$WORK/$name.err" >&2
    fail "tabhook $* exited $rc, expected $expected"
  fi
}

# source_env FILE: exports every assignment in FILE (an `export --secrets-out` file) the way its docs say.
source_env() {
  set -a
  # shellcheck disable=SC1090
  . "$1"
  set +a
}

# The default seed's admin account, as tabhook's own account.
export TABLEAU_SERVER_URL="${FAKE_URL:-}"
export TABLEAU_PAT_NAME=tabhook-ci
export TABLEAU_PAT_SECRET=tabhook-ci-secret

# site_yaml FILE NAME CONTENT_URL AUTH_YAML [EXTRA_SPEC_YAML]: a Site on the fake, signing in as AUTH_YAML says.
site_yaml() {
  cat >"$1" <<YAML
apiVersion: tabhook/v1
kind: Site
metadata:
  name: $2
spec:
  server: \${env:TABLEAU_SERVER_URL}
  contentUrl: "$3"
  auth:
$4
${5:-}
YAML
}

# write_site FILE NAME CONTENT_URL [EXTRA_SPEC_YAML]: signing in with tabhook's PAT.
write_site() {
  site_yaml "$1" "$2" "$3" '    personalAccessToken:
      name: ${env:TABLEAU_PAT_NAME}
      secret: ${env:TABLEAU_PAT_SECRET}' "${4:-}"
}

# write_password_site FILE NAME CONTENT_URL USER PASSWORD_VARIABLE: signing in with a password, taken
# from the environment variable named.
write_password_site() {
  site_yaml "$1" "$2" "$3" "    password:
      username: $4
      password: \${env:$5}"
}

# json_assert FILE MESSAGE CODE: runs the Python CODE with `p` the JSON document in FILE and `site(name)`
# its entry in p["sites"]; a failed assert fails the test with MESSAGE.
json_assert() {
  python3 - "$1" "$3" <<'PY' || fail "$2"
import json, sys
p = json.load(open(sys.argv[1]))
def site(name):
    return next(s for s in p["sites"] if s["site"] == name)
exec(sys.argv[2])
PY
}

# add_webhook FILE SITE NAME EVENT URL [ENABLED] [TEST]
add_webhook() {
  cat >>"$1" <<YAML
---
apiVersion: tabhook/v1
kind: Webhook
metadata:
  name: $3
  site: $2
spec:
  event: $4
  url: "$5"
  enabled: ${6:-true}
  test: ${7:-required}
YAML
}

json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

# as_user PAT_NAME PAT_SECRET CONTENT_URL: signs in through the REST API (JSON) and sets AS_TOKEN,
# AS_SITE and AS_USER, to change a site behind tabhook's back.
as_user() {
  local body
  body=$(curl -sf -X POST "$FAKE_URL/api/3.24/auth/signin" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d "{\"credentials\":{\"personalAccessTokenName\":\"$1\",\"personalAccessTokenSecret\":\"$2\",\"site\":{\"contentUrl\":\"$3\"}}}")
  AS_TOKEN=$(echo "$body" | json_get 'd["credentials"]["token"]')
  AS_SITE=$(echo "$body" | json_get 'd["credentials"]["site"]["id"]')
  AS_USER=$(echo "$body" | json_get 'd["credentials"]["user"]["id"]')
}

# api_create NAME EVENT URL [isEnabled]: creates a webhook as the signed-in as_user; prints its id.
api_create() {
  curl -sf -X POST "$FAKE_URL/api/3.24/sites/$AS_SITE/webhooks" -H "X-Tableau-Auth: $AS_TOKEN" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d "{\"webhook\":{\"name\":\"$1\",\"event\":\"$2\",\"isEnabled\":\"${4:-true}\",\"webhook-destination\":{\"webhook-destination-http\":{\"method\":\"POST\",\"url\":\"$3\"}}}}" |
    json_get 'd["webhook"]["id"]'
}

# api_list [CONTENT_URL]: a site's webhooks (default: marketing; "" is the default site) as lines
# "name<TAB>id<TAB>event<TAB>url<TAB>enabled<TAB>owner-id", from fake-tableau's control API (no session,
# so tabhook's own sign-ins with the same PAT do not end it).
api_list() {
  curl -sf "$FAKE_URL/_fake/webhooks" | python3 -c '
import json, sys
site = sys.argv[1]
for h in json.load(sys.stdin)["webhooks"]:
    if h["site"] != site: continue
    print("\t".join([h["name"], h["id"], h["event"], h["url"], str(h["isEnabled"]).lower(), h["owner"]["id"]]))' "${1-marketing}"
}

api_count_named() { api_list | awk -F'\t' -v n="$1" '$1 == n' | wc -l | tr -d ' '; }

# fake-tableau's request log (GET /_fake/requests: {"requests": [...]}), as tabhook's traffic.
log_clear() { curl -sf -X DELETE "$FAKE_URL/_fake/requests" >/dev/null; }
log_json() { curl -sf "$FAKE_URL/_fake/requests"; }
log_count() { log_json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'; }
# Webhook writes only: sign-in and sign-out are not writes to the site.
log_writes() {
  log_json | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["method"] in ("POST", "PUT", "DELETE") and "/auth/" not in r["path"]))'
}
# The methods of webhook writes, in order: "POST DELETE".
log_write_methods() {
  log_json | python3 -c '
import json, sys
print(" ".join(r["method"] for r in json.load(sys.stdin)["requests"] if r["method"] in ("POST", "PUT", "DELETE") and "/auth/" not in r["path"]))'
}

# start_tls_proxy [DAYS]: a self-signed certificate for 127.0.0.1 valid DAYS days (default 1) in
# $WORK/cert.pem, and tests/tls_proxy in front of the fake with it. Sets TLS_URL (https://127.0.0.1:PORT)
# and TLS_PROXY_PID; the caller's EXIT trap must kill TLS_PROXY_PID.
start_tls_proxy() {
  : "${TLS_PROXY:?TLS_PROXY must point at the tls-proxy binary}"
  openssl req -x509 -newkey rsa:2048 -nodes -days "${1:-1}" -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  "$TLS_PROXY" --cert "$WORK/cert.pem" --key "$WORK/key.pem" --upstream "127.0.0.1:$FAKE_PORT" \
    --port-file "$WORK/tls.port" >"$WORK/tls.log" 2>&1 &
  TLS_PROXY_PID=$!
  local _
  for _ in $(seq 1 100); do [ -s "$WORK/tls.port" ] && break; sleep 0.05; done
  TLS_URL="https://127.0.0.1:$(cat "$WORK/tls.port")"
}
