#!/usr/bin/env bash
# Fault matrix: a create slower than the request timeout is never replayed blindly; no duplicate survives the next apply.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario slow_create '{"kind": "latency", "latency_ms": 3000, "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 1}' '0 1'
