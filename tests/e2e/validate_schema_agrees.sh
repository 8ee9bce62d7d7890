#!/usr/bin/env bash
# The JSON Schema in schemas/ and `tabhook validate` agree on the manifest corpus: every valid file
# passes the schema; every invalid file fails it, except files marked `# schema: passes (...)` that break
# only rules a per-document schema cannot express; the examples (and docs/examples) pass it too. Checked
# with a real validator (python3-jsonschema).
set -euo pipefail
: "${TABHOOK_SOURCE_DIR:?source tree}"
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
    echo "FAIL: needs python3-jsonschema and python3-yaml (apt-get install -y python3-jsonschema python3-yaml)"
    exit 1
fi
exec python3 "$TABHOOK_SOURCE_DIR/tests/manifests/check_schema.py" \
    "$TABHOOK_SOURCE_DIR/schemas/tabhook-v1.json" "$TABHOOK_SOURCE_DIR/tests/manifests" "$TABHOOK_SOURCE_DIR/examples" \
    "$TABHOOK_SOURCE_DIR/docs/examples"
