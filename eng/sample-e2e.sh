#!/usr/bin/env bash
# Runs the sample as a user would against a separately started server that follows the vendor's docs (the
# emulator as a standalone process, reached only through KORE_HOST and KORE_API_KEY), and checks each outcome:
# success, a failing job with the vendor's message, a wrong key, and a wait resumed from a printed id in a
# second process. Expects a Release build of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
emulator_dll="src/KoreModelDeploy.Emulator/bin/$configuration/net10.0/KoreModelDeploy.Emulator.dll"
key="kg-e2e-$(date +%s)-secret"
work=$(mktemp -d)
emulator_pid=""
failures=0

stop_emulator() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    emulator_pid=""
  fi
}
trap 'stop_emulator; rm -rf "$work"' EXIT

start_emulator() {
  stop_emulator
  dotnet "$emulator_dll" --port 0 --api-key "$key" "$@" >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    host=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/emulator.log" | head -1 || true)
    [ -n "$host" ] && return 0
    sleep 0.1
  done
  echo "the emulator did not start" >&2
  cat "$work/emulator.log" >&2
  exit 1
}

run_sample() { # expected-exit-code output-file, then VAR=value pairs
  local expected=$1 out=$2
  shift 2
  local status=0
  env -u KORE_HOST -u KORE_API_KEY -u KORE_DOCK_STATUS_ID "$@" \
    dotnet run -c "$configuration" --no-build --project samples/KoreModelDeploy.Samples >"$out" 2>&1 || status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "FAIL: expected exit $expected, got $status ($*)" >&2
    cat "$out" >&2
    failures=$((failures + 1))
    return 1
  fi
}

expect_in() { # file text
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: '$2' not in the output:" >&2
    cat "$1" >&2
    failures=$((failures + 1))
  fi
}

expect_key_absent() {
  if grep -qF -- "$key" "$1"; then
    echo "FAIL: the API key was printed" >&2
    failures=$((failures + 1))
  fi
}

echo "== deploy and undeploy on a standalone server reach SUCCESS"
start_emulator --job-duration 1
run_sample 0 "$work/success.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_MODEL_ID=cm-e2e-success KORE_UNDEPLOY=1 && {
  expect_in "$work/success.txt" "DEPLOY SUCCESS"
  expect_in "$work/success.txt" "UNDEPLOY SUCCESS"
  expect_key_absent "$work/success.txt"
}

echo "== a wrong key exits 4 with a one-line reason"
run_sample 4 "$work/auth.txt" KORE_HOST="$host" KORE_API_KEY="kg-wrong-key" && expect_in "$work/auth.txt" "authentication failed"

echo "== an invalid deploy file exits 3 naming each broken field"
printf '{"name":"x","hyperParameters":{"temperature":3,"maxTokens":512,"topP":1,"topK":0},"deviceType":"g5.xlarge"}' >"$work/invalid.json"
run_sample 3 "$work/invalid.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_DEPLOY_FILE="$work/invalid.json" && {
  expect_in "$work/invalid.txt" "hyperParameters.temperature"
  expect_in "$work/invalid.txt" "hyperParameters.topK"
}

echo "== a failing job exits 2 with the vendor's message"
start_emulator --job-duration 1 --failed-job-fraction 1
run_sample 2 "$work/failed.txt" KORE_HOST="$host" KORE_API_KEY="$key" && expect_in "$work/failed.txt" "Model deployment failed"

echo "== a wait that times out prints its id, and a second process resumes it to SUCCESS"
start_emulator --job-duration 8
run_sample 6 "$work/timeout.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_WAIT_TIMEOUT=2 && {
  id=$(grep -o 'KORE_DOCK_STATUS_ID=ds-[0-9a-f-]*' "$work/timeout.txt" | head -1 | cut -d= -f2)
  if [ -z "$id" ]; then
    echo "FAIL: no dockStatusId to resume from" >&2
    failures=$((failures + 1))
  else
    run_sample 0 "$work/resumed.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_DOCK_STATUS_ID="$id" && expect_in "$work/resumed.txt" "DEPLOY SUCCESS"
  fi
}

echo "== settings the sample cannot use exit 7 naming the variable, before anything is sent"
run_sample 7 "$work/resume-no-host.txt" KORE_DOCK_STATUS_ID=ds-earlier && expect_in "$work/resume-no-host.txt" "KORE_DOCK_STATUS_ID needs KORE_HOST"
run_sample 7 "$work/timeout-range.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_WAIT_TIMEOUT=90000 && expect_in "$work/timeout-range.txt" "KORE_WAIT_TIMEOUT '90000'"
run_sample 7 "$work/model-type.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_MODEL_TYPE=closedSource && expect_in "$work/model-type.txt" "KORE_MODEL_TYPE 'closedSource'"
run_sample 7 "$work/deploy-dir.txt" KORE_HOST="$host" KORE_API_KEY="$key" KORE_DEPLOY_FILE="$work" && expect_in "$work/deploy-dir.txt" "cannot read the deploy file"

if [ "$failures" -ne 0 ]; then
  echo "sample end-to-end checks: $failures failed" >&2
  exit 1
fi
echo "sample end-to-end checks: all passed"
