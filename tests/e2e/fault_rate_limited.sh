#!/usr/bin/env bash
# Fault matrix: 429 with Retry-After on every kind of request is honoured and retried; the apply succeeds.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario rate_limited '{"kind": "rate_limit", "retry_after": 1, "method": "*", "path": "/api/*/sites/**", "count": 3}' '0'
