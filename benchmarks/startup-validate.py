#!/usr/bin/env python3
"""Start-up of `kore-deploy validate --file` for one or more builds of the tool, run interleaved so that the machine's
drift falls on every build alike. Prints each build's median, 10th and 90th percentile and fastest wall time.

usage: benchmarks/startup-validate.py RUNS DEPLOY_FILE BINARY [BINARY...]
"""
import os
import statistics
import subprocess
import sys
import time

runs, deploy_file, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = {binary: [] for binary in binaries}
with open(os.devnull, "w") as devnull:
    for _ in range(runs):
        for binary in binaries:
            started = time.perf_counter()
            result = subprocess.run([binary, "validate", "--file", deploy_file], stdout=devnull, stderr=devnull)
            elapsed = (time.perf_counter() - started) * 1000
            if result.returncode != 0:
                sys.exit(f"{binary} exited {result.returncode}")
            times[binary].append(elapsed)

for binary, values in times.items():
    values.sort()
    print(f"{binary}: median {statistics.median(values):.1f} ms, p10 {values[len(values) // 10]:.1f}, "
          f"p90 {values[9 * len(values) // 10]:.1f}, fastest {values[0]:.1f} ({runs} runs)")
