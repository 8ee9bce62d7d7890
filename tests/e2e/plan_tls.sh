#!/usr/bin/env bash
# TLS: against fake-tableau behind TLS with a self-signed certificate, plan refuses by default (the
# certificate is verified) and succeeds with --cacert or SSL_CERT_FILE naming the certificate.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
start_tls_proxy
trap 'kill $TLS_PROXY_PID 2>/dev/null || true; stop_fake' EXIT
export TABLEAU_SERVER_URL="$TLS_URL"

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
