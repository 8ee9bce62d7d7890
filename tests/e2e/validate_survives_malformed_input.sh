#!/usr/bin/env bash
# Malformed input of every kind ends in a clear error and exit 1, within seconds: binary garbage, a
# 50 MB file, deep nesting, an alias bomb, non-UTF-8 text, an empty file, a directory named *.yaml.
set -euo pipefail
: "${TABHOOK:?path of the tabhook binary}" "${E2E_TMP:?scratch directory}"
dir="$E2E_TMP/validate_survives_malformed_input"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"

head -c 65536 /dev/urandom > garbage.yaml
head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > big.yaml
python3 -c "print('a: ' + '[' * 200000 + ']' * 200000)" > deep.yaml
python3 - > bomb.yaml <<'PY'
print("apiVersion: tabhook/v1\nkind: Webhook\nmetadata: {name: a, site: s}\nspec:")
print('  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]')
prev = "a"
for c in "bcdefghijklmnop":
    print(f"  {c}: &{c} [" + ",".join([f"*{prev}"] * 9) + "]")
    prev = c
print(f"  url: *{prev}")
PY
printf 'apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: caf\xe9\n' > latin1.yaml
: > empty.yaml
mkdir dir.yaml

expect() { # file, then the text its error must contain
    local file=$1 text=$2 rc
    set +e
    timeout 20 "$TABHOOK" validate "$file" > out.txt 2>&1; rc=$?
    set -e
    [[ $rc -eq 1 ]] || { echo "FAIL $file: exit $rc (124: timeout; >128: crash)"; cat out.txt; exit 1; }
    grep -qF -- "$text" out.txt || { echo "FAIL $file: expected '$text' in:"; cat out.txt; exit 1; }
    echo "ok $file: $(head -1 out.txt)"
}
expect garbage.yaml "manifests are UTF-8 YAML text"
expect big.yaml "big.yaml: error: file is 50.0 MiB; manifest files are limited to 8 MiB"
expect deep.yaml "deep.yaml:1:67: error: YAML nested more than 64 levels deep"
expect bomb.yaml "error: YAML aliases (*name) are not allowed in tabhook documents; write the value out"
expect latin1.yaml "latin1.yaml:4:12: error: not valid UTF-8 (byte 0xE9); manifests are UTF-8 YAML text"
expect empty.yaml "empty.yaml: error: no manifests found: no document with apiVersion: tabhook/v1 in 1 file"
expect dir.yaml "dir.yaml: error: no manifests found: no *.yaml or *.yml files"
