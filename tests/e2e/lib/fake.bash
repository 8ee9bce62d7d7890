# shellcheck shell=bash
# Helpers for end-to-end scripts that run against fake-tableau. Source it:
#
#   source "$(dirname "$0")/lib/fake.bash"
#   start_fake [extra fake-tableau flags...]    # e.g. start_fake --unique-names --token-ttl 2
#   curl -fsS "$FAKE_URL/api/3.24/serverinfo"
#
# start_fake runs "$FAKE_TABLEAU" (set by CTest) on 127.0.0.1:0 with a port file in a fresh directory
# under ${E2E_TMP:-/tmp}, waits (at most FAKE_START_TIMEOUT seconds, default 10) until it answers, and
# exports FAKE_URL (http://127.0.0.1:PORT), FAKE_PORT, FAKE_PID and FAKE_DIR (holds its stdout/stderr).
# An EXIT trap stops every fake this shell started; a script that sets its own EXIT trap must call
# stop_fake from it. start_fake may be called more than once (FAKE_URL then names the newest).
#
# FAKE_PROFILE_FLAGS (word-split) is added before the script's own flags: the assumption matrix runs the
# core scenarios once per alternative, e.g. FAKE_PROFILE_FLAGS="--duplicate-names refuse-400". A flag the
# script passes itself comes later, so it wins.

FAKE_PIDS=()
FAKE_DIRS=()
# A script may mktemp in the scratch directory before its first start_fake.
mkdir -p "${E2E_TMP:-/tmp}"

_fake_fail() {
    echo "fake.bash: $*" >&2
    return 1
}

start_fake() {
    [[ -n "${FAKE_TABLEAU:-}" && -x "${FAKE_TABLEAU}" ]] ||
        _fake_fail "FAKE_TABLEAU must name the fake-tableau binary (got '${FAKE_TABLEAU:-}')" || return 1
    local base="${E2E_TMP:-/tmp}"
    mkdir -p "$base"
    FAKE_DIR=$(mktemp -d "$base/fake.XXXXXX")
    local -a profile_flags=()
    read -r -a profile_flags <<<"${FAKE_PROFILE_FLAGS:-}"
    "$FAKE_TABLEAU" --listen 127.0.0.1:0 --port-file "$FAKE_DIR/port" "${profile_flags[@]}" "$@" \
        >"$FAKE_DIR/stdout" 2>"$FAKE_DIR/stderr" &
    FAKE_PID=$!
    FAKE_PIDS+=("$FAKE_PID")
    FAKE_DIRS+=("$FAKE_DIR")
    trap stop_fake EXIT

    local deadline=$((SECONDS + ${FAKE_START_TIMEOUT:-10}))
    while [[ ! -s "$FAKE_DIR/port" ]]; do
        if ! kill -0 "$FAKE_PID" 2>/dev/null; then
            cat "$FAKE_DIR/stderr" >&2
            _fake_fail "fake-tableau exited before it was ready" || return 1
        fi
        ((SECONDS < deadline)) || _fake_fail "fake-tableau was not ready within ${FAKE_START_TIMEOUT:-10}s" || return 1
        sleep 0.05
    done
    FAKE_PORT=$(<"$FAKE_DIR/port")
    FAKE_URL="http://127.0.0.1:$FAKE_PORT"
    export FAKE_URL FAKE_PORT FAKE_PID FAKE_DIR
    # The port file is written once the socket listens; one request proves it answers.
    until curl -fsS --max-time 2 -o /dev/null "$FAKE_URL/_fake/faults"; do
        ((SECONDS < deadline)) || _fake_fail "fake-tableau on $FAKE_URL does not answer" || return 1
        sleep 0.05
    done
}

# Stops every fake started by this shell (SIGTERM, then SIGKILL after 5 s) and removes their directories.
stop_fake() {
    local pid dir i
    for pid in "${FAKE_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    for dir in "${FAKE_DIRS[@]}"; do
        [[ -n "${KEEP_E2E_TMP:-}" ]] || rm -rf "$dir"
    done
    FAKE_PIDS=()
    FAKE_DIRS=()
}

# The request log as JSON (credentials redacted). Extra args go to curl, e.g. fake_requests -G -d since=3
fake_requests() { curl -fsS "$@" "$FAKE_URL/_fake/requests"; }

# Back to the startup seed, or to the seed in FILE: fake_reset [FILE]
fake_reset() {
    if [[ $# -gt 0 ]]; then
        curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "@$1" "$FAKE_URL/_fake/reset"
    else
        curl -fsS -X POST "$FAKE_URL/_fake/reset"
    fi
}

# Injects one fault (or a JSON array of them): fake_fault '{"kind":"error","status":503,"path":"/api/**"}'
fake_fault() { curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "$1" "$FAKE_URL/_fake/faults"; }

# Removes every fault.
fake_clear_faults() { curl -fsS -X DELETE "$FAKE_URL/_fake/faults"; }

# Every webhook on every site, as JSON: {"webhooks": [{id, name, site, event, url, isEnabled, ...}]}
fake_webhooks() { curl -fsS "$FAKE_URL/_fake/webhooks"; }

# Fires an event: fake_event '{"site":"marketing","event":"DatasourceRefreshFailed"}'
fake_event() { curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "$1" "$FAKE_URL/_fake/events"; }

# The delivery log (tests and events), as JSON.
fake_deliveries() { curl -fsS "$FAKE_URL/_fake/deliveries"; }

# What the built-in receiver NAME got: fake_receiver NAME
fake_receiver() { curl -fsS "$FAKE_URL/_fake/receiver/$1"; }

# Marks a webhook disabled as Tableau's auto-disable would: fake_disable ID [REASON]
fake_disable() {
    if [[ $# -gt 1 ]]; then
        curl -fsS -X POST -H 'Content-Type: application/json' \
            --data-binary "$(printf '{"reason":"%s"}' "$2")" "$FAKE_URL/_fake/webhooks/$1/disable"
    else
        curl -fsS -X POST "$FAKE_URL/_fake/webhooks/$1/disable"
    fi
}

# Sessions (no tokens): who signed in, how, whether still active.
fake_sessions() { curl -fsS "$FAKE_URL/_fake/sessions"; }

# profile_value ROW: the value of a server-profile row this scenario runs under, from FAKE_PROFILE_FLAGS,
# else the row's default (the first value fake-tableau --help lists). Scenarios that assert a default
# behaviour explicitly branch on it, e.g. [ "$(profile_value test-result)" = status ].
profile_value() {
    local row=$1 i
    local -a flags=()
    read -r -a flags <<<"${FAKE_PROFILE_FLAGS:-}"
    for ((i = 0; i + 1 < ${#flags[@]}; i++)); do
        if [[ "${flags[i]}" == "--$row" ]]; then
            echo "${flags[i + 1]}"
            return 0
        fi
    done
    "$FAKE_TABLEAU" --help 2>&1 | sed -n "s/^  --$row \([^|]*\)|.*/\1/p"
}

# Whether FAKE_PROFILE_FLAGS makes the fake refuse a second webhook with an existing name: a scenario that
# sets up duplicates through the API cannot on such a server (it has none to clean up either).
fake_refuses_duplicates() {
    [[ " ${FAKE_PROFILE_FLAGS:-} " =~ \ --unique-names\ |--duplicate-names[=\ ]refuse- ]]
}

# How many webhooks, on every site, have a name starting with PREFIX: fake_count_prefix tabhook-doctor-
fake_count_prefix() {
    fake_webhooks | python3 -c 'import json,sys; print(sum(1 for w in json.load(sys.stdin)["webhooks"] if w["name"].startswith(sys.argv[1])))' "$1"
}
