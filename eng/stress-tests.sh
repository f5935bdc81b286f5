#!/usr/bin/env bash
# Runs test projects N times on a deliberately loaded machine and reports every test that failed, with how often.
#
# A test that waits on real time instead of on state it can observe passes on a quiet machine and fails on a busy
# one (CI's machine is shared). This script makes the machine busy on purpose: CPU-bound burner processes take the
# cores, and runtime settings slow the test host's own scheduling (a thread pool that starts with one worker, blocking
# GCs of a small gen0 budget, no tiered compilation so every first call waits for the optimizing JIT).
#
# What the tests need beyond the .NET SDK is installed first where missing (eng/install-prerequisites.sh).
#
# Usage: eng/stress-tests.sh [-n RUNS] [-b BURNERS] [--build] [--filter EXPR] [--quiet-machine] [PROJECT...]
#   -n RUNS           how many times to run each project (default 5)
#   -b BURNERS        CPU-bound processes beside the tests (default 2, one per core of a 2-core machine)
#   --build           build the solution in Release first (default: use the existing Release build, --no-build)
#   --filter EXPR     passed to `dotnet test --filter`
#   --quiet-machine   no burners and no runtime settings: the same runs on an unloaded machine, for comparison
#   PROJECT...        test project directories (default: every test project .ci/run runs)
# Environment: STRESS_RESULTS (where TRX files go, default artifacts/stress/<UTC time>; each PostgreSQL test server's
# log is kept in its server-logs/), STRESS_HANG_TIMEOUT (a hung test run is killed and counted as failed after this
# long, default 15m). Any DOTNET_* setting below can be overridden
# by exporting it before the call.
#
# Be kind to a shared machine: run it niced, e.g. `nice -n 10 bash eng/stress-tests.sh -n 5 tests/KoreModelDeploy.Emulator.Tests`
# (the burners and the test hosts inherit the niceness).
# Exit status: 0 when every run of every project passed, 1 otherwise, 2 on bad usage.
set -euo pipefail

cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runs=5
burners=2
build=false
filter=
quiet=false
projects=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="${2:?-n needs a number}"; shift 2 ;;
    -b) burners="${2:?-b needs a number}"; shift 2 ;;
    --build) build=true; shift ;;
    --filter) filter="${2:?--filter needs an expression}"; shift 2 ;;
    --quiet-machine) quiet=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) projects+=("$1"); shift ;;
  esac
done
case "$runs$burners" in *[!0-9]*) echo "error: -n and -b take whole numbers" >&2; exit 2 ;; esac
if [ "$runs" -lt 1 ]; then
  echo "error: -n must be at least 1" >&2
  exit 2
fi
if [ ${#projects[@]} -eq 0 ]; then
  projects=(tests/KoreModelDeploy.Emulator.Tests tests/KoreModelDeploy.Cli.Tests tests/KoreModelDeploy.Tests tests/KoreModelDeploy.Tests.NetStandard
    tests/KoreModelDeploy.PostgreSql.Tests tests/KoreModelDeploy.Fleet.Tests)
fi
for project in "${projects[@]}"; do
  if [ ! -d "$project" ]; then
    echo "error: no test project directory $project" >&2
    exit 2
  fi
done

results="${STRESS_RESULTS:-artifacts/stress/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"
# Each test's PostgreSQL server copies its log here when it stops, so a stall can be read on the server's side too.
export KORE_TEST_SERVER_LOGS="${KORE_TEST_SERVER_LOGS:-$(cd "$results" && pwd)/server-logs}"

# Every child (each burner, each test run) gets a process group of its own, so that stopping it stops what it started
# (dotnet test's runner and test host, a test's child processes) and nothing else.
set -m
burner_pids=()
test_pid=
stop_children() {
  for pid in "${burner_pids[@]}" $test_pid; do
    kill -- "-$pid" 2>/dev/null || true
  done
  for pid in "${burner_pids[@]}" $test_pid; do
    wait "$pid" 2>/dev/null || true
  done
  burner_pids=()
  test_pid=
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A tool missing on this machine (zsh, say) would fail the same tests in every run and read as a flaky suite.
bash eng/install-prerequisites.sh

if [ "$build" = true ]; then
  dotnet build KoreModelDeploy.sln -c Release -warnaserror
fi

if [ "$quiet" = false ]; then
  # Scheduling that is slow by design; each of these is read by the .NET 10 runtime (CLR config, DOTNET_ prefix).
  # One worker to start with: every further thread comes from the runtime's starvation detection. There is deliberately
  # no ceiling (DOTNET_ThreadPool_ForceMaxWorkerThreads), since no real machine has one. With the pool capped at 4,
  # Npgsql's synchronous calls made from 4 pool threads at once (the journal store's) each waited out its timeout
  # against an idle server; uncapped, on the same loaded machine, all finished. A ceiling turns slow scheduling into
  # failures no user can meet.
  export DOTNET_ThreadPool_ForceMinWorkerThreads="${DOTNET_ThreadPool_ForceMinWorkerThreads:-1}"
  export DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}"   # every first call waits for the optimizing JIT
  export DOTNET_gcConcurrent="${DOTNET_gcConcurrent:-0}"             # GCs stop every thread
  export DOTNET_GCgen0size="${DOTNET_GCgen0size:-200000}"            # hex: a 2 MiB gen0 budget, so GCs are frequent
  export DOTNET_GCHeapCount="${DOTNET_GCHeapCount:-1}"               # one heap, should a host choose server GC
  for _ in $(seq 1 "$burners"); do
    (while :; do :; done) &
    burner_pids+=("$!")
  done
  echo "load: ${burners} CPU burner(s); $(env | grep -E '^DOTNET_(ThreadPool|TieredCompilation|gc|GC)' | sort | tr '\n' ' ')"
else
  echo "load: none (--quiet-machine)"
fi

filter_args=()
if [ -n "$filter" ]; then
  filter_args=(--filter "$filter")
fi

failed_runs=0
summary=()
for run in $(seq 1 "$runs"); do
  for project in "${projects[@]}"; do
    name="$(basename "$project")"
    trx="$name-run$run.trx"
    started=$(date +%s)
    status=0
    # In the background and waited for, so that a signal to this script is handled at once, not after the run.
    dotnet test "$project" -c Release --no-build "${filter_args[@]}" \
      --logger "trx;LogFileName=$trx" --results-directory "$results" \
      --blame-hang-timeout "${STRESS_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none >"$results/$name-run$run.log" 2>&1 &
    test_pid=$!
    wait "$test_pid" || status=$?
    test_pid=
    seconds=$(( $(date +%s) - started ))
    counters="no TRX written"
    if [ -f "$results/$trx" ]; then
      counters=$(grep -o '<Counters [^>]*>' "$results/$trx" | sed -E 's/.*total="([0-9]+)".*executed="([0-9]+)".*passed="([0-9]+)".*failed="([0-9]+)".*/total \1, executed \2, passed \3, failed \4/')
    fi
    line="run $run/$runs  $name  exit $status  ${seconds}s  $counters"
    echo "$line"
    summary+=("$line")
    if [ "$status" -ne 0 ]; then
      failed_runs=$((failed_runs + 1))
    fi
  done
done

stop_children

echo
echo "== results in $results"
printf '%s\n' "${summary[@]}"
echo
shopt -s nullglob
trx_files=("$results"/*.trx)
failures=""
if [ ${#trx_files[@]} -gt 0 ]; then
  # One line per failed (or timed out / aborted) test result, as "project<TAB>test name".
  failures=$(for trx in "${trx_files[@]}"; do
    project=$(basename "$trx" | sed -E 's/-run[0-9]+\.trx$//')
    { grep -o '<UnitTestResult [^>]*>' "$trx" || true; } \
      | { grep -E 'outcome="(Failed|Timeout|Aborted|Error)"' || true; } \
      | sed -E 's/.*testName="([^"]*)".*/\1/' \
      | sed -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' \
      | sed "s|^|$project	|"
  done)
fi
if [ -n "$failures" ]; then
  echo "== failed tests (times failed out of $runs runs)"
  printf '%s\n' "$failures" | sort | uniq -c | sort -rn | sed -E 's/^ *([0-9]+) ([^\t]*)\t/\1x  \2  /'
  echo "(messages and stack traces: the TRX files and *.log in $results)"
elif [ "$failed_runs" -gt 0 ]; then
  echo "== no failed test in the TRX files, but $failed_runs run(s) exited non-zero (a crash or hang: see *.log in $results)"
else
  echo "== every test passed in all $runs runs"
fi
[ "$failed_runs" -eq 0 ]
