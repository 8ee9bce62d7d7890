#!/usr/bin/env bash
# Fault matrix: a list slower than the request timeout is retried; the apply succeeds.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario slow_list '{"kind": "latency", "latency_ms": 3000, "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 1}' '0'
