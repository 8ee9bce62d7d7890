#!/usr/bin/env bash
# Fault matrix: the session expiring mid-apply: tabhook signs in again once and carries on.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario token_expiry '{"kind": "token_expiry", "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 1}' '0'
