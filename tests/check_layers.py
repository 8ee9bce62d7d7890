#!/usr/bin/env python3
"""The layer rules, checked: every #include "<layer>/..." in src/<layer>/ must be allowed by the one table of
dependencies, the tabhook_layer(...) rows of src/CMakeLists.txt.

A file of layer L may include headers of L itself, of the layers L lists (PUBLIC or PRIVATE), and of their
PUBLIC layers, transitively (what CMake hands on). The table must also be exact:
  - a header (.hpp) may include only L and L's PUBLIC side (a user of L gets nothing else);
  - a layer listed PUBLIC must be included by one of L's headers (else it belongs under PRIVATE);
  - a listed layer must be included by some file of L (else the link is unused);
  - every folder under src/ with sources has a row.
Usage: check_layers.py <src dir>. Exit 0: clean; 1: violations, one per line as file:line: message."""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"')


def read_table(cmake_file):
    text = re.sub(r"#[^\n]*", "", cmake_file.read_text())
    table = {}
    for body in re.findall(r"^tabhook_layer\(([^)]*)\)", text, re.M):
        words = body.split()
        name, mode = words[0], "PUBLIC"
        deps = {"PUBLIC": set(), "PRIVATE": set()}
        for word in words[1:]:
            if word in deps:
                mode = word
            elif word.startswith("tabhook_"):
                deps[mode].add(word[len("tabhook_"):])
        table[name] = deps
    return table


def public_closure(table, layers):
    seen, todo = set(), list(layers)
    while todo:
        layer = todo.pop()
        if layer in seen:
            continue
        seen.add(layer)
        todo.extend(table.get(layer, {}).get("PUBLIC", ()))
    return seen


def main():
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    table = read_table(src / "CMakeLists.txt")
    problems = []
    folders = sorted(p for p in src.iterdir() if p.is_dir() and any(p.glob("*.[ch]pp")))
    for folder in folders:
        layer = folder.name
        if layer not in table:
            problems.append(f"{src / 'CMakeLists.txt'}: folder {layer}/ has no tabhook_layer({layer} ...) row")
            continue
        deps = table[layer]
        listed = deps["PUBLIC"] | deps["PRIVATE"]
        may_use = public_closure(table, listed) | {layer}
        header_may_use = public_closure(table, deps["PUBLIC"]) | {layer}
        used, used_in_headers = set(), set()
        for path in sorted(folder.glob("*.[ch]pp")):
            is_header = path.suffix == ".hpp"
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = match.group(1)
                if not (src / target).is_dir():
                    continue
                used.add(target)
                if is_header:
                    used_in_headers.add(target)
                if target not in may_use:
                    problems.append(f"{path}:{number}: {layer}/ may not include {target}/ "
                                    f"(allowed: {', '.join(sorted(may_use))})")
                elif is_header and target not in header_may_use:
                    problems.append(f"{path}:{number}: a header of {layer}/ includes {target}/, which "
                                    f"{layer} links PRIVATE: list it under PUBLIC")
        for dep in sorted(deps["PUBLIC"] - used_in_headers):
            problems.append(f"{src / 'CMakeLists.txt'}: {layer} lists {dep} PUBLIC, but no header of {layer}/ "
                            f"includes it: make it PRIVATE" + ("" if dep in used else " or drop it"))
        for dep in sorted(deps["PRIVATE"] - used):
            problems.append(f"{src / 'CMakeLists.txt'}: {layer} links {dep}, but no file of {layer}/ includes it")
    for name in sorted(set(table) - {f.name for f in folders}):
        problems.append(f"{src / 'CMakeLists.txt'}: tabhook_layer({name} ...) names no folder with sources")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
