#!/usr/bin/env bash
# kore-deploy apply with 50 models, 8 at a time, against the emulator on loopback (jobs of 2 s): wall time and peak
# memory of the tool's process from /usr/bin/time -v. Usage: benchmarks/apply-50-models.sh [port]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-18790}"
work="$(mktemp -d)"
bin="$root/src/KoreModelDeploy.Cli/bin/Release/net10.0"
emulator_bin="$root/src/KoreModelDeploy.Emulator/bin/Release/net10.0"

dotnet build "$root/src/KoreModelDeploy.Cli" -c Release -warnaserror --nologo -v quiet >/dev/null

python3 - "$work/bench.json" "$port" <<'PY'
import json, sys
path, port = sys.argv[1], sys.argv[2]
models = [{"modelId": f"bench-{i:02}", "modelType": "openSource", "request": {"name": f"bench-{i:02}"}} for i in range(1, 51)]
json.dump({
    "defaults": {"hyperParameters": {"temperature": 1, "maxTokens": 512, "topP": 1, "topK": 50, "stopSequence": []}, "deviceType": "g5.xlarge"},
    "environments": {"bench": {"host": f"http://127.0.0.1:{port}"}},
    "models": models,
}, open(path, "w"))
PY

dotnet "$emulator_bin/KoreModelDeploy.Emulator.dll" --port "$port" --job-duration 2 >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do grep -q listening "$work/emulator.log" && break; sleep 0.1; done

KORE_API_KEY=kg-emulator-local-key /usr/bin/time -v dotnet "$bin/kore-deploy.dll" apply -f "$work/bench.json" --env bench \
  --init --parallel 8 --poll-delay 500ms -o json >"$work/result.json" 2>"$work/stderr.log" || true
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work/stderr.log"
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
outcomes = {}
for m in r["models"]:
    outcomes[m["outcome"]] = outcomes.get(m["outcome"], 0) + 1
print(f"exit code {r['exitCode']}, outcomes {outcomes}")
PY
echo "deploy POSTs: $(grep -c '"event":"started"' "$work/bench.bench.journal.jsonl") journaled ids"
