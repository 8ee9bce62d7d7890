#!/usr/bin/env bash
# Fault matrix: a dropped connection on the list is retried; the apply succeeds.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario dropped_list '{"kind": "drop", "method": "GET", "path": "/api/*/sites/*/webhooks", "count": 2}' '0'
