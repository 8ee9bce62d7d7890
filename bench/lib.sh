# shellcheck shell=bash
# Helpers shared by the whole-command benchmarks (run_plan_apply.sh, run_adaptive.sh). Source it after
# setting `build` (the build directory) and `here` (bench/):
#   start_fake NAME ARGS...     fake-tableau on 127.0.0.1:0, sets PORT_<NAME>; stopped at exit
#   site_manifest FILE PORT     the Site "bench" (contentUrl marketing) of the default seed
#   webhook_manifests DIR PORT N  N webhooks gitops-1..N on that site, receivers on the fake
#   row NAME JSON TARGET_MS LOWER_BOUND_MS|- NOTE   a markdown row from measure.py's JSON
tabhook="$build/bin/tabhook"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

start_fake() {  # start_fake NAME ARGS...: sets PORT_<NAME>
  local name=$1
  shift
  "$build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/$name.port" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do [ -s "$work/$name.port" ] && break; sleep 0.05; done
  printf -v "PORT_$name" '%s' "$(cat "$work/$name.port")"
}

site_manifest() {  # site_manifest FILE PORT
  cat >"$1" <<YAML
apiVersion: tabhook/v1
kind: Site
metadata: {name: bench}
spec:
  server: http://127.0.0.1:$2
  contentUrl: marketing
  auth: {personalAccessToken: {name: tabhook-ci, secret: tabhook-ci-secret}}
YAML
}

row() {  # row NAME JSON TARGET_MS LOWER_BOUND_MS|- NOTE
  python3 - "$@" <<'PY'
import json, sys
name, data, target, bound, note = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
m = data["median_ms"]
ratio = f"{m / float(bound):.2f}× lower bound" if bound != "-" else f"{m / float(target):.2f}× budget"
print(f"| {name} | {m / 1000:.2f} s | {data['min_ms'] / 1000:.2f}–{data['max_ms'] / 1000:.2f} s | {note} | {ratio} |")
PY
}

webhook_manifests() {  # webhook_manifests DIR PORT N
  mkdir -p "$1"
  site_manifest "$1/site.yaml" "$2"
  : >"$1/hooks.yaml"
  for i in $(seq 1 "$3"); do
    printf -- "---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata: {name: gitops-%s, site: bench}\nspec: {event: WorkbookCreated, url: 'http://127.0.0.1:%s/_fake/receiver/r%s'}\n" \
      "$i" "$2" "$i" >>"$1/hooks.yaml"
  done
}
