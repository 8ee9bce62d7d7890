#!/usr/bin/env bash
# The manual cannot disagree with the schema: docs/manifest-reference.md is what
# docs/gen-manifest-reference.py makes of schemas/tabhook-v1.json, and the schema's event spellings are
# exactly the catalogue `tabhook events` prints.
set -euo pipefail
: "${TABHOOK:?}" "${TABHOOK_SOURCE_DIR:?}"
src="$TABHOOK_SOURCE_DIR"
tmp=$(mktemp -d "${E2E_TMP:-/tmp}/docs.XXXXXX")
python3 "$src/docs/gen-manifest-reference.py" "$src/schemas/tabhook-v1.json" >"$tmp/reference.md"
if ! diff -u "$src/docs/manifest-reference.md" "$tmp/reference.md"; then
  echo "FAIL: docs/manifest-reference.md is stale: run docs/gen-manifest-reference.py > docs/manifest-reference.md" >&2
  exit 1
fi
"$TABHOOK" events --format json >"$tmp/events.json"
python3 - "$src/schemas/tabhook-v1.json" "$tmp/events.json" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
catalogue = json.load(open(sys.argv[2]))["events"]
in_schema = set(schema["$defs"]["Webhook"]["properties"]["spec"]["properties"]["event"]["enum"])
in_catalogue = {e[k] for e in catalogue for k in ("name", "element", "kebab")} | {a for e in catalogue for a in e["aliases"]}
missing, extra = in_catalogue - in_schema, in_schema - in_catalogue
assert not missing and not extra, f"schema and catalogue differ: missing {sorted(missing)}, extra {sorted(extra)}"
print(f"{len(in_schema)} event spellings agree")
PY
echo "docs_reference_matches_schema: ok"
