#!/usr/bin/env bash
# The manifest corpus: every tests/manifests/valid/*.yaml validates (exit 0), and every
# tests/manifests/invalid/*.yaml fails (exit 1) with exactly the output in its sibling .expected file,
# which never holds a value spelt SENTINEL (the corpus's secrets).
# UPDATE_GOLDEN=1 rewrites the .expected files instead of comparing.
set -euo pipefail
: "${TABHOOK:?path of the tabhook binary}" "${TABHOOK_SOURCE_DIR:?source tree}"
corpus="$TABHOOK_SOURCE_DIR/tests/manifests"

# The environment the corpus is written for; TABHOOK_CORPUS_EMPTY is set but empty on purpose.
run_validate() {
    env -i PATH="$PATH" \
        TABLEAU_SERVER_URL=https://tableau.example.com TABLEAU_HOST=tableau.example.com \
        TABLEAU_PAT_NAME=tabhook-ci TABLEAU_PAT_SECRET=corpus-pat-secret RELAY_TOKEN=corpus-relay-token \
        TABHOOK_CORPUS_EMPTY= CREDENTIALS_DIRECTORY="$corpus/credentials" \
        "$TABHOOK" validate "$@"
}

failures=0
for file in "$corpus"/valid/*.yaml; do
    name=$(basename "$file")
    if ! out=$(cd "$corpus/valid" && run_validate "$name" 2>&1); then
        echo "FAIL valid/$name does not validate:"; echo "$out"; failures=$((failures + 1))
    fi
done

for file in "$corpus"/invalid/*.yaml; do
    name=$(basename "$file")
    expected="${file%.yaml}.expected"
    set +e
    out=$(cd "$corpus/invalid" && run_validate "$name" 2>&1)
    rc=$?
    set -e
    if [[ $rc -ne 1 ]]; then
        echo "FAIL invalid/$name: exit $rc, expected 1"; failures=$((failures + 1))
    fi
    # Secrets in the corpus are spelt SENTINEL: no message may quote one, whatever the typo around it.
    if grep -qi sentinel <<<"$out"; then
        echo "FAIL invalid/$name: a message quotes a secret:"; grep -i sentinel <<<"$out"; failures=$((failures + 1))
    fi
    if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
        printf '%s\n' "$out" > "$expected"
        continue
    fi
    if [[ ! -f "$expected" ]]; then
        echo "FAIL invalid/$name has no $(basename "$expected") (run with UPDATE_GOLDEN=1)"; failures=$((failures + 1))
        continue
    fi
    if ! diff -u "$expected" <(printf '%s\n' "$out"); then
        echo "FAIL invalid/$name: output differs from $(basename "$expected")"; failures=$((failures + 1))
    fi
done

# Every expected file belongs to a manifest.
for expected in "$corpus"/invalid/*.expected; do
    [[ -f "${expected%.expected}.yaml" ]] || { echo "FAIL stray $(basename "$expected")"; failures=$((failures + 1)); }
done

echo "validate corpus: $failures failure(s)"
[[ $failures -eq 0 ]]
