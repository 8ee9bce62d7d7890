#!/usr/bin/env bash
# TLS: against fake-tableau behind TLS with a self-signed certificate, plan refuses by default (the
# certificate is verified) and succeeds with --cacert or SSL_CERT_FILE naming the certificate.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
: "${TLS_PROXY:?TLS_PROXY must point at the tls-proxy binary}"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
"$TLS_PROXY" --cert "$WORK/cert.pem" --key "$WORK/key.pem" --upstream "127.0.0.1:$FAKE_PORT" --port-file "$WORK/tls.port" \
  >"$WORK/tls.log" 2>&1 &
proxy=$!
trap 'kill $proxy 2>/dev/null || true; stop_fake' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/tls.port" ] && break; sleep 0.05; done
export TABLEAU_SERVER_URL="https://127.0.0.1:$(cat "$WORK/tls.port")"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"

run_tabhook 1 untrusted plan "$WORK/manifests"
assert_contains "$WORK/untrusted.err" "certificate"
run_tabhook 0 cacert plan "$WORK/manifests" --cacert "$WORK/cert.pem"
assert_contains "$WORK/cacert.out" "+ gitops-a"
SSL_CERT_FILE="$WORK/cert.pem" run_tabhook 0 env-cert plan "$WORK/manifests"
# The session went over TLS: the fake saw the sign-in through the proxy.
assert_eq "$(log_json | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["path"].endswith("/auth/signin")))')" 2 "sign-ins through TLS"
echo "plan_tls: ok"
