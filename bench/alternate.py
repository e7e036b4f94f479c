#!/usr/bin/env python3
"""alternate.py: wall time of two or more builds of a command, run alternately so that the
machine's drift (noise, thermal, other load) falls on all of them alike; prints the median and
the minimum of each. This is how the before/after CLI rows of bench/README.md were made.

usage: bench/alternate.py [-n RUNS] BIN[,BIN...] ARGS...
  e.g. bench/alternate.py -n 60 /tmp/embedmeta-before,/tmp/embedmeta-after -r /tmp/c910
"""
import statistics
import subprocess
import sys
import time


def main(argv):
    runs = 60
    if len(argv) > 1 and argv[0] == "-n":
        runs, argv = int(argv[1]), argv[2:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    bins, args = argv[0].split(","), argv[1:]
    times = {b: [] for b in bins}
    for _ in range(runs):
        for b in bins:
            start = time.perf_counter()
            subprocess.run([b] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[b].append(time.perf_counter() - start)
    for b in bins:
        print("%s median %.3f ms min %.3f ms (%d runs)" % (b, statistics.median(times[b]) * 1e3, min(times[b]) * 1e3, runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
