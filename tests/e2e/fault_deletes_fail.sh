#!/usr/bin/env bash
# Fault matrix: a burst of 500s on deletes: the replaced webhooks stay until the next apply removes them.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario deletes_fail '{"kind": "error", "status": 500, "method": "DELETE", "path": "/api/*/sites/*/webhooks/*", "count": 3}' '1'
