#!/usr/bin/env bash
# Fault matrix: a burst of 500s on creates fails those operations (exit 1, never retried: a 500 on a write is not known to be safe); the next apply converges.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario server_errors_on_create '{"kind": "error", "status": 500, "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 3}' '1'
