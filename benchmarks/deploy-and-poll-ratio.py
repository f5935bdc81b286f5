#!/usr/bin/env python3
"""The deploy-and-poll benchmark's figure of merit: `Sdk` against `HandWritten`, as the median of several separate
BenchmarkDotNet runs. One run's mean moves with whatever else the machine does while it runs (a fifth either way on a
shared machine), so a single run can neither show the 1.10x target met nor missed; the median of runs can.

Each run is its own process with both methods measured in it (`--launchCount 1`), so the machine's drift over the
whole session falls on both alike. Prints each run's means and their ratio, then the median ratio.

usage: benchmarks/deploy-and-poll-ratio.py RUNS [BENCHMARK_DLL]
  BENCHMARK_DLL  a Release build of KoreModelDeploy.Benchmarks (default: this checkout's)
"""
import csv
import glob
import os
import statistics
import subprocess
import sys
import tempfile

if len(sys.argv) < 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
    sys.exit(__doc__)
runs = int(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dll = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    root, "benchmarks/KoreModelDeploy.Benchmarks/bin/Release/net10.0/KoreModelDeploy.Benchmarks.dll")
if not os.path.exists(dll):
    sys.exit(f"no build at {dll}: dotnet build benchmarks/KoreModelDeploy.Benchmarks -c Release")


def microseconds(text):
    """BenchmarkDotNet's mean, such as '4,210.5 ns' or '4.210 μs', in microseconds; it writes NA for a failed method."""
    parts = text.replace(",", "").split()
    if len(parts) != 2:
        sys.exit(f"BenchmarkDotNet reported no mean ({text!r}); run the command in this script's docstring by hand to see why")
    value, unit = parts
    return float(value) * {"ns": 0.001, "us": 1.0, "\u03bcs": 1.0, "\u00b5s": 1.0, "ms": 1000.0, "s": 1e6}[unit]


ratios = []
for run in range(1, runs + 1):
    with tempfile.TemporaryDirectory() as artifacts:
        # From the repository's root, where BenchmarkDotNet finds the solution it builds each run's host from.
        result = subprocess.run(["dotnet", dll, "--filter", "*DeployAndPollBenchmarks.Sdk", "*DeployAndPollBenchmarks.HandWritten",
                                 "--launchCount", "1", "--warmupCount", "5", "--iterationCount", "20", "--artifacts", artifacts],
                                cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        reports = glob.glob(os.path.join(artifacts, "results", "*DeployAndPollBenchmarks-report.csv"))
        if result.returncode != 0 or not reports:
            sys.stdout.write(result.stdout[-4000:])
            sys.exit(f"run {run}: BenchmarkDotNet exited {result.returncode}" + ("" if reports else " and wrote no report"))
        with open(reports[0], newline="", encoding="utf-8") as f:
            means = {row["Method"]: microseconds(row["Mean"]) for row in csv.DictReader(f)}
    ratio = means["Sdk"] / means["HandWritten"]
    ratios.append(ratio)
    print(f"run {run}: HandWritten {means['HandWritten']:.3f} us, Sdk {means['Sdk']:.3f} us, ratio {ratio:.3f}", flush=True)

print(f"median ratio of {runs} runs: {statistics.median(ratios):.3f} (lowest {min(ratios):.3f}, highest {max(ratios):.3f})")
