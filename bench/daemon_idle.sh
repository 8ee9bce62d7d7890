#!/usr/bin/env bash
# Budget benchmark (not a test): an idle `tabhook run` with 1,000 declared webhooks over 5 sites (or
# 5 x PER_SITE: bench/run.sh also runs 10,000), all in sync, against fake-tableau on loopback. Reports, as markdown table rows (| name | figure | spread |
# target | ratio |):
#   - resident memory (VmRSS at the end, spread over the windows; VmHWM, the peak) against 30 MB;
#   - CPU per idle cycle ((utime + stime) delta / cycles, per window of W cycles; median and spread over
#     the windows) against 50 ms;
#   - API requests per idle cycle, from the fake's request log, against 5 (one list per site).
# The memory budget holds at 1,000 webhooks; at other sizes memory is reported without one.
# Usage: bench/daemon_idle.sh BUILD_DIR [WINDOWS] [CYCLES_PER_WINDOW] [PER_SITE]
set -euo pipefail
build=$(cd "${1:?usage: daemon_idle.sh BUILD_DIR [WINDOWS] [CYCLES_PER_WINDOW] [PER_SITE]}" && pwd)
windows=${2:-5}
per_window=${3:-20}
per_site=${4:-200}
tabhook="$build/bin/tabhook"
work=$(mktemp -d)
fake_pid=""
daemon_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  [ -n "$fake_pid" ] && kill -TERM "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# 5 sites x PER_SITE webhooks, owned by admin, as the seed and as manifests (20 a file). Each site signs in
# with its own PAT: one PAT holds one session, so sites sharing one would sign each other out every cycle.
python3 - "$work" "$per_site" <<'PY'
import json, os, sys
work = sys.argv[1]
per_site = int(sys.argv[2])
sites = [f"team{s}" for s in range(1, 6)]
hooks, docs = [], {}
for s in sites:
    for i in range(per_site):
        name = f"gitops-{s}-{i:05d}"
        url = f"https://relay.example.com/{s}/{i}"
        hooks.append({"site": s, "name": name, "event": "DatasourceRefreshFailed", "url": url, "owner": "admin"})
        docs.setdefault(f"{s}-{i // 20:04d}.yaml", []).append(
            f"apiVersion: tabhook/v1\nkind: Webhook\nmetadata: {{name: {name}, site: {s}}}\n"
            f"spec: {{event: DatasourceRefreshFailed, url: '{url}'}}\n")
seed = {"sites": [{"name": "Default", "contentUrl": ""}] + [{"name": s, "contentUrl": s} for s in sites],
        "users": [{"name": "admin", "password": "admin-password", "siteRole": "SiteAdministratorCreator",
                   "personalAccessTokens": [{"name": f"pat-{s}", "secret": f"pat-{s}-secret"} for s in sites]}],
        "webhooks": hooks}
json.dump(seed, open(os.path.join(work, "seed.json"), "w"))
os.makedirs(os.path.join(work, "m"))
for f, ds in docs.items():
    open(os.path.join(work, "m", f), "w").write("---\n".join(ds))
with open(os.path.join(work, "m", "sites.yaml"), "w") as out:
    out.write("---\n".join(
        f"apiVersion: tabhook/v1\nkind: Site\nmetadata: {{name: {s}}}\nspec:\n  server: ${{env:TABLEAU_SERVER_URL}}\n"
        f"  contentUrl: {s}\n  auth: {{personalAccessToken: {{name: pat-{s}, secret: pat-{s}-secret}}}}\n"
        for s in sites))
PY

"$build/bin/fake-tableau" --listen 127.0.0.1:0 --port-file "$work/port" --seed "$work/seed.json" >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
fake="http://127.0.0.1:$(cat "$work/port")"

RUNTIME_DIRECTORY="$work" TABLEAU_SERVER_URL="$fake" "$tabhook" run "$work/m" --allow-literal-secrets --interval 200ms \
  2>"$work/daemon.err" &
daemon_pid=$!

cycles() { sed -n 's/.*msg=cycle n=\([0-9]*\) .*/\1/p' "$work/daemon.err" | tail -1; }
wait_cycles() {  # wait_cycles N: until the daemon has logged cycle N (at most 120 s)
  for _ in $(seq 1 1200); do
    c=$(cycles)
    [ -n "$c" ] && [ "$c" -ge "$1" ] && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.err" >&2; echo "the daemon exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "timed out waiting for cycle $1" >&2
  exit 1
}
ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
status_kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$daemon_pid/status"; }
requests() { curl -sf "$fake/_fake/requests" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'; }

wait_cycles 3  # past the first cycle's sign-ins and parse
grep -q 'drift=0 errors=0' "$work/daemon.err" || { cat "$work/daemon.err" >&2; echo "the sites are not in sync" >&2; exit 1; }
hz=$(getconf CLK_TCK)
cpu=() rss=() req=()
for _ in $(seq 1 "$windows"); do
  curl -sf -X DELETE "$fake/_fake/requests" >/dev/null
  c0=$(cycles)
  t0=$(ticks)
  wait_cycles $((c0 + per_window))
  t1=$(ticks)
  c1=$(cycles)
  r=$(requests)
  cpu+=("$(python3 -c "print(($t1 - $t0) / $hz * 1000 / ($c1 - $c0))")")
  req+=("$(python3 -c "print($r / ($c1 - $c0))")")
  rss+=("$(status_kib VmRSS)")
done
hwm=$(status_kib VmHWM)
errors=$(grep -c 'level=error' "$work/daemon.err" || true)
[ "$errors" = 0 ] || { grep 'level=error' "$work/daemon.err" >&2; echo "errors while idle" >&2; exit 1; }

python3 - "$((per_site * 5))" "$hwm" "${#cpu[@]}" "${cpu[@]}" "${rss[@]}" "${req[@]}" <<'PY'
import statistics, sys
total = int(sys.argv[1]); hwm = int(sys.argv[2]); n = int(sys.argv[3]); v = sys.argv[4:]
label = f"daemon idle, {total:,} webhooks / 5 sites"
cpu = [float(x) for x in v[:n]]; rss = [int(x) / 1024 for x in v[n:2 * n]]; req = [float(x) for x in v[2 * n:]]
def row(name, values, unit, target, fmt="{:.1f}", bound="<"):
    m = statistics.median(values)
    print(f"| {name} | {fmt.format(m)} {unit} | {fmt.format(min(values))}–{fmt.format(max(values))} {unit} | "
          f"{bound} {target} {unit} | {m / target:.2f}× {'budget' if bound == '<' else 'target'} |")
if total == 1000:
    row(f"{label}: resident memory (VmRSS)", rss, "MB", 30)
    print(f"| {label}: peak resident memory (VmHWM) | {hwm / 1024:.1f} MB | – | < 30 MB | {hwm / 1024 / 30:.2f}× budget |")
else:
    m = statistics.median(rss)
    print(f"| {label}: resident memory (VmRSS) | {m:.1f} MB | {min(rss):.1f}–{max(rss):.1f} MB | – | – |")
    print(f"| {label}: peak resident memory (VmHWM) | {hwm / 1024:.1f} MB | – | – | – |")
row(f"{label}: CPU per idle cycle", cpu, "ms", 50, "{:.2f}")
row(f"{label}: API requests per idle cycle", req, "requests", 5, "{:.2f}", "=")
PY
