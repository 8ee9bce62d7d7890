#!/usr/bin/env bash
# Fault matrix: a dropped connection on a create is never replayed blindly: apply lists again and adopts or reports; the next apply converges.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario dropped_create '{"kind": "drop", "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 2}' '0 1'
