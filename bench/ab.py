#!/usr/bin/env python3
"""Runs two commands alternately (base, new, base, new, ...) so that both see the same machine load, and
prints JSON with each side's median, min and max. The figure is the wall time of the process (ms), or, with
--parse REGEX, the number the first group of REGEX matches in its standard output (the benchmark's own
figure), or, with --cpu, the process's CPU time (user + system, ms): on a machine shared with other work the
CPU a process uses moves far less than its wall time.
Usage: ab.py RUNS [--parse REGEX | --cpu] -- BASE_CMD ARGS... --vs NEW_CMD ARGS..."""
import json
import os
import re
import statistics
import subprocess
import sys
import time


def figure(cmd, pattern):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000.0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 2):
        sys.exit(f"ab.py: {cmd[0]} exited {code}")
    if pattern == "cpu":
        return (usage.ru_utime + usage.ru_stime) * 1000.0
    if pattern is None:
        return elapsed
    match = re.search(pattern, stdout)
    if not match:
        sys.exit(f"ab.py: {cmd[0]} printed nothing matching {pattern!r}")
    return float(match.group(1))


def main():
    args = sys.argv[1:]
    runs = int(args.pop(0))
    pattern = None
    if args[0] == "--parse":
        pattern, args = args[1], args[2:]
    elif args[0] == "--cpu":
        pattern, args = "cpu", args[1:]
    if args[0] != "--" or "--vs" not in args:
        sys.exit(__doc__)
    split = args.index("--vs")
    sides = {"base": args[1:split], "new": args[split + 1:]}
    values = {"base": [], "new": []}
    for i in range(runs):
        order = ("base", "new") if i % 2 == 0 else ("new", "base")
        for side in order:
            values[side].append(figure(sides[side], pattern))
    out = {side: {"median": statistics.median(v), "min": min(v), "max": max(v)} for side, v in values.items()}
    out["ratio"] = out["new"]["median"] / out["base"]["median"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
