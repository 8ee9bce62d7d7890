#!/usr/bin/env python3
"""Checks the manifest corpus against the JSON Schema with a real validator (python3-jsonschema).

Usage: check_schema.py SCHEMA CORPUS_DIR [MORE_VALID_DIR...]

- every tests/manifests/valid/*.yaml passes the schema;
- every invalid/*.yaml fails it (fails to load, or a tabhook document breaks the schema), unless its
  first line says `# schema: passes (<reason>)`: files that break only rules a per-document schema
  cannot express (duplicates, site references, references that do not resolve, literal secrets, the
  name prefix, duplicate keys the YAML reader hides); those must pass;
- `# schema: not checked (<reason>)` skips a file (an alias bomb would expand in PyYAML);
- every *.yaml under MORE_VALID_DIR (hidden folders skipped), e.g. examples/, passes the schema.

YAML is read with the YAML 1.2 core schema, as editors (yaml-language-server) and tabhook do:
`yes` is a string, `3.10` a float.
"""
import pathlib
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalar resolution instead of YAML 1.1's."""


Yaml12Loader.yaml_implicit_resolvers = {}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def construct_int(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


def construct_float(loader, node):
    value = loader.construct_scalar(node).lower()
    if value.endswith(".inf"):
        return float("-inf") if value.startswith("-") else float("inf")
    if value == ".nan":
        return float("nan")
    return float(value)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)


def is_tabhook_document(doc):
    if not isinstance(doc, dict):
        return False
    api = doc.get("apiVersion")
    return (isinstance(api, str) and api.startswith("tabhook/")) or doc.get("kind") in ("Site", "Webhook")


def schema_problems(validator, path):
    """None when every tabhook document passes, else a list of reasons."""
    try:
        docs = list(yaml.load_all(path.read_bytes(), Loader=Yaml12Loader))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
        return [f"does not load: {str(e).splitlines()[0]}"]
    problems = []
    for index, doc in enumerate(docs):
        if not is_tabhook_document(doc):
            continue
        for error in validator.iter_errors(doc):
            where = "/".join(str(p) for p in error.absolute_path) or "(document)"
            problems.append(f"document {index + 1}, {where}: {error.message[:120]}")
    return problems or None


def main():
    schema_path, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    schema = __import__("json").loads(schema_path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    failures = []
    checked = 0
    more = []
    for extra in sys.argv[3:]:
        root = pathlib.Path(extra)
        more += [p for p in root.rglob("*.y*ml")
                 if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    for path in sorted((corpus / "valid").glob("*.yaml")) + sorted(more):
        checked += 1
        problems = schema_problems(validator, path)
        if problems:
            failures.append(f"{path.name}: valid for tabhook but the schema rejects it: {problems}")
    for path in sorted((corpus / "invalid").glob("*.yaml")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
        if first.startswith("# schema: not checked"):
            continue
        checked += 1
        problems = schema_problems(validator, path)
        if first.startswith("# schema: passes"):
            if problems:
                failures.append(f"{path.name}: marked '{first}' but the schema rejects it: {problems}")
        elif not problems:
            failures.append(f"{path.name}: invalid for tabhook but the schema accepts it "
                            "(mark it '# schema: passes (<reason>)' if a schema cannot express the rule)")
    for f in failures:
        print(f"FAIL {f}")
    print(f"{checked} corpus files checked against {schema_path.name}: {len(failures)} disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
