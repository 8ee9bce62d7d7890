#!/usr/bin/env bash
# Fault matrix: 503 on creates is retried (the server refused before acting); the apply succeeds.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario unavailable_on_create '{"kind": "error", "status": 503, "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 2}' '0'
