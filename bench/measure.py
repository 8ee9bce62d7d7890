#!/usr/bin/env python3
"""Runs a command several times; prints JSON with the median, min and max wall time (ms) and the peak
resident memory (KiB) of the runs, measured per child with wait4. A setup command may run before each run
(not timed), and a command after each run (not timed) whose output, a number, is reported for each run
and as a median ("after", "after_median": e.g. how many 429s the server answered during the run).
Usage: measure.py RUNS [--setup 'shell command'] [--after 'shell command'] -- CMD ARGS..."""
import json
import os
import statistics
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    runs = int(args.pop(0))
    setup = after = None
    while args and args[0] in ("--setup", "--after"):
        if args[0] == "--setup":
            setup = args[1]
        else:
            after = args[1]
        args = args[2:]
    if args and args[0] == "--":
        args = args[1:]
    times, rss, afters = [], [], []
    for _ in range(runs):
        if setup:
            subprocess.run(setup, shell=True, check=True, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append((time.perf_counter() - start) * 1000.0)
        rss.append(usage.ru_maxrss)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 2):
            print(json.dumps({"error": f"{args[0]} exited {code}"}))
            sys.exit(1)
        if after:
            out = subprocess.run(after, shell=True, check=True, stdout=subprocess.PIPE, text=True).stdout
            afters.append(float(out.strip()))
    result = {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times),
              "peak_rss_kib": max(rss), "runs": runs}
    if after:
        result.update({"after": afters, "after_median": statistics.median(afters)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
