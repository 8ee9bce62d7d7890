#!/usr/bin/env bash
# Per-site isolation (issue 14, part 4): 20 sites, one PAT each, 2 webhooks each. One site is black-holed:
# every request under its /sites/{id}/ path waits longer than the client's request timeout and then has its
# connection dropped (a `drop` fault with latency_ms), so tabhook sees timeouts there. The other 19 sites
# must be applied and their receivers tested, the run must exit 1 naming the bad site, and the run must
# end within a generous bound derived from the configured timeouts (below) instead of hanging on it.
#
# The sign-in of the bad site still works: a fault matches by method and path, and every sign-in has the
# same path. What is black-holed is everything the site's own session does.
source "$(dirname "$0")/lib/fake.bash"

SITES=20
BAD=13
SENTINEL="SENTINEL-fleet-secret-$$"
seed="$(mktemp "${E2E_TMP:-/tmp}/fleet-seed.XXXXXX")"
python3 - "$seed" "$SITES" "$SENTINEL" <<'PY'
import json, sys
path, n, sentinel = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sites = [{"contentUrl": ""}] + [{"contentUrl": f"site{i:02}"} for i in range(1, n + 1)]
users = [{"name": f"owner{i:02}",
          "personalAccessTokens": [{"name": f"pat-{i:02}", "secret": f"{sentinel}-{i:02}"}],
          "sites": [{"contentUrl": f"site{i:02}", "siteRole": "SiteAdministratorCreator"}]}
         for i in range(1, n + 1)]
json.dump({"sites": sites, "users": users}, open(path, "w"))
PY
start_fake --seed "$seed"
source "$(dirname "$0")/lib/tabhook.bash"

for i in $(seq -w 1 "$SITES"); do
    export "FLEET_SECRET_$i=$SENTINEL-$i"
    m="$WORK/manifests/site$i.yaml"
    site_yaml "$m" "site$i" "site$i" "    personalAccessToken:
      name: pat-$i
      secret: \${env:FLEET_SECRET_$i}"
    for n in 1 2; do
        add_webhook "$m" "site$i" "fleet-$n" WorkbookCreated "$FAKE_URL/_fake/receiver/site$i-$n"
    done
done

bad_id=$(curl -fsS "$FAKE_URL/_fake/sites" | python3 -c '
import json, sys
print(next(s["id"] for s in json.load(sys.stdin)["sites"] if s["contentUrl"] == sys.argv[1]))' "site$BAD")
fake_fault "{\"kind\":\"drop\",\"path\":\"/api/*/sites/$bad_id/**\",\"count\":-1,\"latency_ms\":2000}" >/dev/null

# Client settings: each attempt gives up after TIMEOUT_MS; a transient failure is tried ATTEMPTS times in
# all, with backoffs of at most MAX_BACKOFF_MS between attempts.
TIMEOUT_MS=500
ATTEMPTS=2
MAX_BACKOFF_MS=200
FLAGS=(--connect-timeout-ms "$TIMEOUT_MS" --request-timeout-ms "$TIMEOUT_MS" --retry-attempts "$ATTEMPTS"
    --retry-backoff-ms 50 --retry-max-backoff-ms "$MAX_BACKOFF_MS")

start=$(date +%s%N)
run_tabhook 1 apply apply "$WORK/manifests" "${FLAGS[@]}"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))

# The bad site is named, as a site that could not be read; no other site has an error.
cat "$WORK/apply.out" "$WORK/apply.err" >"$WORK/apply.all"
assert_contains "$WORK/apply.all" "1 site(s) could not be read"
grep '^error:' "$WORK/apply.all" >"$WORK/apply.errors" || fail "no error line for the black-holed site"
assert_contains "$WORK/apply.errors" "site$BAD"
[ "$(grep -vc "site$BAD" "$WORK/apply.errors")" = 0 ] || fail "errors for other sites: $(cat "$WORK/apply.errors")"

# The other 19 sites: both webhooks created, and each receiver tested once with a 2xx.
python3 - "$BAD" <<PY || fail "the 19 reachable sites were not all applied and tested"
import json, sys, urllib.request
bad = f"site{int(sys.argv[1]):02}"
hooks = json.load(urllib.request.urlopen("$FAKE_URL/_fake/webhooks"))["webhooks"]
deliveries = json.load(urllib.request.urlopen("$FAKE_URL/_fake/deliveries"))["deliveries"]
by_site = {}
for w in hooks:
    by_site.setdefault(w["site"], []).append(w["name"])
assert bad not in by_site, f"something was written on the black-holed site: {by_site[bad]}"
good = [f"site{i:02}" for i in range(1, $SITES + 1) if f"site{i:02}" != bad]
for s in good:
    assert sorted(by_site.get(s, [])) == ["fleet-1", "fleet-2"], (s, by_site.get(s))
tested = {}
for d in deliveries:
    if d["kind"] == "test":
        tested[d["webhook_id"]] = tested.get(d["webhook_id"], 0) + 1
        assert 200 <= d["status"] < 300, d
ids = {w["id"] for w in hooks}
assert set(tested) == ids and all(n == 1 for n in tested.values()), (len(tested), len(ids))
assert len(ids) == 2 * len(good), len(ids)
PY

# Every request to the bad site was dropped (status 0), and tabhook gave up on it: no endless retrying.
# The fake logs a request when its fault acts, latency_ms after it arrived: wait (bounded) until every
# request the fault has taken is in the log.
for _ in $(seq 100); do
    hits=$(curl -fsS "$FAKE_URL/_fake/faults" | json_get 'd["faults"][0]["hits"]')
    logged=$(fake_requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if "/sites/" + sys.argv[1] + "/" in r["path"]))' "$bad_id")
    [ "$hits" = "$logged" ] && break
    sleep 0.1
done
bad_requests=$(fake_requests | python3 -c '
import json, sys
rs = [r for r in json.load(sys.stdin)["requests"] if "/sites/" + sys.argv[1] + "/" in r["path"]]
assert all(r["status"] == 0 for r in rs), rs
print(len(rs))' "$bad_id")
[ "$bad_requests" -ge 1 ] || fail "tabhook never reached the black-holed site"
[ "$bad_requests" -le $((ATTEMPTS * 4)) ] || fail "tabhook sent $bad_requests requests to the black-holed site"

# The bound: the bad site costs at most bad_requests × (TIMEOUT_MS + MAX_BACKOFF_MS) (each attempt times
# out, then waits its backoff), ≤ 8 × 0.7 s = 5.6 s here; the 19 others, 38 creates and 38 tests on
# loopback, take a few seconds even on a loaded machine. 60 s is far above both together, so only a run
# that waited on the bad site far beyond its own timeouts (or hung) fails it.
budget_ms=$((bad_requests * (TIMEOUT_MS + MAX_BACKOFF_MS)))
[ "$elapsed_ms" -lt 60000 ] ||
    fail "the run took ${elapsed_ms} ms; the bad site's budget is ${budget_ms} ms and the bound 60000 ms"

for f in "$WORK"/apply.out "$WORK"/apply.err; do assert_not_contains "$f" "$SENTINEL"; done
echo "fleet_site_isolation: ok (${elapsed_ms} ms; ${bad_requests} requests to the black-holed site, budget ${budget_ms} ms)"
