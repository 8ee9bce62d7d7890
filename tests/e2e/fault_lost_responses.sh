#!/usr/bin/env bash
# Fault matrix: creates whose responses are lost although the webhooks were created: adopted, never created twice.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/faults.bash"
fault_scenario lost_responses '{"kind": "lose_response", "method": "POST", "path": "/api/*/sites/*/webhooks", "count": 2}' '0 1'
