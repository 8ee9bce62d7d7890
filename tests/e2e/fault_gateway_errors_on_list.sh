#!/usr/bin/env bash
# Fault matrix: 502, 503 and 504 on the list are retried with backoff; the apply succeeds.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario gateway_errors_on_list '[{"kind": "error", "status": 502, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}, {"kind": "error", "status": 503, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}, {"kind": "error", "status": 504, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}]' '0'
