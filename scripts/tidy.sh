#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy (warnings are errors: any finding fails) on src/, one
# clang-tidy per core, from a build's compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS is on in
# CMakeLists.txt). A step of scripts/test.sh, after the release build. The clang-analyzer-* group is not in
# .clang-tidy: it more than doubled the time per file (cycle.cpp: 32 s with it, 13 s without, on the 2-core
# CI machine under load). Usage: scripts/tidy.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
run-clang-tidy -p "$build" -j "$(nproc)" -quiet "$PWD/src/.*\.cpp\$"
