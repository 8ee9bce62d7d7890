#!/usr/bin/env python3
"""Generates docs/manifest-reference.md from schemas/tabhook-v1.json, so the field reference and the
schema cannot disagree (tests/e2e/docs_reference_matches_schema.sh regenerates it and compares).
Usage: docs/gen-manifest-reference.py [SCHEMA] > docs/manifest-reference.md"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
schema_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "schemas", "tabhook-v1.json")
schema = json.load(open(schema_path))


def kind_of(node):
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        values = node["enum"]
        if len(values) > 8:
            return f"one of {len(values)} event spellings (`tabhook events`)"
        return " \\| ".join(f"`{json.dumps(v)}`" if not isinstance(v, str) else f"`{v}`" for v in values)
    t = node.get("type", "")
    return " or ".join(t) if isinstance(t, list) else t


def walk(node, path, required, rows):
    props = node.get("properties", {})
    for name, child in props.items():
        child_path = f"{path}.{name}" if path else name
        default = child.get("default")
        rows.append((child_path, kind_of(child), "yes" if name in required else "no",
                     "" if default is None else f"`{json.dumps(default)}`",
                     " ".join(child.get("description", "").split())))
        if child.get("type") == "object":
            walk(child, child_path, set(child.get("required", [])), rows)


out = ["# Manifest reference", "",
       "Generated from `schemas/tabhook-v1.json` by `docs/gen-manifest-reference.py`; do not edit by hand.",
       "The loader's rules beyond the schema (references, cross-document checks) are in [manifest.md](manifest.md).", ""]
for kind in ("Site", "Webhook"):
    definition = schema["$defs"][kind]
    out += [f"## {kind}", "", " ".join(definition.get("description", "").split()), "",
            "| field | type | required | default | description |", "| --- | --- | --- | --- | --- |"]
    rows = []
    walk(definition, "", set(definition.get("required", [])), rows)
    for field, typ, req, default, desc in rows:
        out.append(f"| `{field}` | {typ} | {req} | {default} | {desc.replace('|', chr(92) + '|')} |")
    out.append("")
sys.stdout.write("\n".join(out))
