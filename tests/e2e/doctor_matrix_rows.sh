#!/usr/bin/env bash
# tabhook doctor --canary against fake-tableau in every alternative of every assumption-matrix row: the
# server profile it prints names that row's behaviour (e.g. --test-result agent-404 → agent-404), and no
# canary webhook is left behind. ROWS="row=value ..." narrows the run.
source "$(dirname "$0")/lib/fake.bash"
source "$(dirname "$0")/lib/tabhook.bash"

rows=${ROWS:-"duplicate-names=refuse-409 duplicate-names=refuse-400 expired-session=401000 expired-session=403
  test-result=no-status test-result=agent-404 list-order=reversed list-order=shuffled created-at=present
  json-enabled=string json-error-code=number json-single-item=object unknown-webhook=404-other unknown-webhook=400
  update-status=200"}
failed=()
for pair in $rows; do
  row=${pair%%=*} value=${pair#*=}
  stop_fake
  start_fake "--$row" "$value"
  export TABLEAU_SERVER_URL="$FAKE_URL"
  m="$WORK/$row-$value/site.yaml"
  mkdir -p "$(dirname "$m")"
  write_site "$m" marketing marketing
  rc=0
  "$TABHOOK" doctor "$(dirname "$m")" --canary "$FAKE_URL/_fake/receiver/canary" --format json \
    >"$WORK/$pair.out" 2>"$WORK/$pair.err" || rc=$?
  learned=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sites"][0]["profile"][sys.argv[2]])' \
    "$WORK/$pair.out" "$row" 2>/dev/null || echo "no JSON (exit $rc)")
  left=$(fake_count_prefix tabhook-doctor-)
  if [ "$learned" != "$value" ] || [ "$left" != 0 ]; then
    failed+=("--$row $value: doctor learned '$learned', $left canary webhook(s) left")
    echo "--- $pair:" >&2; cat "$WORK/$pair.err" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAIL: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "doctor_matrix_rows: ok"
