#!/usr/bin/env bash
# The --listen endpoint cannot be stalled: while 32 clients hold connections open (16 that send nothing,
# 16 that drip a never-ending request a byte at a time, each reconnecting as soon as it is dropped),
# /healthz answers every probe within 1 s (curl's own --max-time), the server drops the idle and the
# slow (bytes do not extend a request's deadline), and the other pages still work afterwards.
source "$(dirname "$0")/lib/fake.bash"
start_fake
source "$(dirname "$0")/lib/tabhook.bash"
source "$(dirname "$0")/lib/daemon.bash"

m="$WORK/manifests/site.yaml"
write_site "$m" marketing marketing
add_webhook "$m" marketing gitops-a WorkbookCreated "$FAKE_URL/_fake/receiver/a"

"$TABHOOK" run "$WORK/manifests" --interval 1h --listen 127.0.0.1:0 >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
DAEMON_PID=$!
wait_ready 60
port=${ADDR##*:}

# The attack lasts 12 s; it writes "ready" once its 32 connections are open, and at the end a JSON
# summary: connections the server closed, and those opened in the first second that it never closed.
python3 - "$port" "$WORK/attack.ready" >"$WORK/attack.json" <<'PY' &
import json, socket, sys, time
port, ready_file = int(sys.argv[1]), sys.argv[2]
DURATION, SLOTS = 12.0, 32
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100000  # never ends
start = time.monotonic()

def connect(i):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    return {"sock": s, "drip": i % 2 == 1, "sent": 0, "opened": time.monotonic() - start}

slots = [connect(i) for i in range(SLOTS)]
open(ready_file, "w").write("ready\n")
closed, early_open = 0, 0
while time.monotonic() - start < DURATION:
    for i, c in enumerate(slots):
        gone = False
        try:
            if c["drip"]:
                c["sock"].send(request[c["sent"]:c["sent"] + 1])
                c["sent"] += 1
            if c["sock"].recv(65536) == b"":
                gone = True
        except BlockingIOError:
            pass
        except OSError:
            gone = True
        if gone:
            closed += 1
            c["sock"].close()
            slots[i] = connect(i)
    time.sleep(0.1)
early_open = sum(1 for c in slots if c["opened"] < 1.0)
print(json.dumps({"closed": closed, "early_still_open": early_open}))
PY
attacker=$!
EXIT_PIDS+=("$attacker")
for _ in $(seq 1 100); do [ -s "$WORK/attack.ready" ] && break; sleep 0.1; done
[ -s "$WORK/attack.ready" ] || fail "the attack did not start"

# Probes during the attack, spread over it: each must answer within 1 s.
for i in $(seq 1 8); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)
  [ "$code" = 200 ] || fail "probe $i during the attack: /healthz answered '$code' (000: nothing within 1 s)"
  sleep 1
done
wait "$attacker"
EXIT_PIDS=()
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["closed"] >= 32, f"the server dropped too few of the stalling connections: {r}"
assert r["early_still_open"] == 0, f"connections opened at the start were never dropped: {r}"
print("stalling connections dropped:", r["closed"])' "$WORK/attack.json" || fail "stalling clients were not disconnected"

# Everything else still answers.
for path in /healthz /readyz /metrics / /status.json; do
  curl -sf --max-time 5 -o /dev/null "http://127.0.0.1:$port$path" || fail "$path after the attack"
done
curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" | grep -q '^tabhook_up 1' || fail "/metrics lacks tabhook_up"
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "http://127.0.0.1:$port/healthz")" = 405 ] || fail "POST is not refused"
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/nope")" = 404 ] || fail "an unknown path is not 404"
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" "http://127.0.0.1:$port/healthz")" = 431 ] ||
  fail "9 KiB of headers is not refused"
# HEAD: the headers without the body.
curl -sfI --max-time 5 "http://127.0.0.1:$port/healthz" | grep -qi '^Content-Length: 3' || fail "HEAD /healthz"
stop_daemon
echo "daemon_status_stall: ok"
