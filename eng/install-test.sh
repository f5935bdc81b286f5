#!/usr/bin/env bash
# Installs the packages as a new user would. Packs KoreModelDeploy, KoreModelDeploy.Emulator and KoreModelDeploy.PostgreSql into a local feed,
# checks what the packages hold (README, licence, XML docs, release notes, symbols, SourceLink), then creates a fresh
# console project, adds both packages by version from that feed, and compiles and runs README's quick-start code
# (copied from its compiled snippet regions) against the packaged emulator, expecting SUCCESS. Then packs the
# kore-deploy tool, installs it with `dotnet tool install --tool-path` in an empty folder, and runs `kore-deploy --help`
# and one deploy against `kore-deploy emulator`.
#
# Usage: eng/install-test.sh [directory to keep the tested packages in]
# Exits non-zero, naming the failed check, on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
keep_dir=${1:-}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
emulator_pid=
trap '[ -z "$emulator_pid" ] || kill "$emulator_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
feed="$work/feed"
app="$work/app"

fail() {
  echo "install test FAILED: $*" >&2
  exit 1
}

version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
[ -n "$version" ] || fail "no VersionPrefix in Directory.Build.props"
echo "packing version $version"

for project in KoreModelDeploy KoreModelDeploy.Emulator KoreModelDeploy.PostgreSql KoreModelDeploy.Cli; do
  dotnet pack "src/$project/$project.csproj" -c Release -warnaserror -o "$feed" -v quiet -nologo \
    || fail "dotnet pack of $project (warnings are errors)"
done

# --- What the packages hold -------------------------------------------------------------------------------------
check_package() {
  local id=$1; shift
  local nupkg="$feed/$id.$version.nupkg" snupkg="$feed/$id.$version.snupkg"
  [ -f "$nupkg" ] || fail "$nupkg was not produced"
  [ -f "$snupkg" ] || fail "$snupkg was not produced"

  local listing nuspec
  listing=$(unzip -Z1 "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  grep -qx 'README.md' <<<"$listing" || fail "$id: README.md is not in the package"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id: the nuspec does not name the README"
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id: no MIT licence expression"
  grep -q '<projectUrl>https://github.com/' <<<"$nuspec" || fail "$id: no project URL"
  grep -q '<repository type="git" url="https://github.com/[^"]*"[^>]* commit="[0-9a-f]\{40\}"' <<<"$nuspec" \
    || fail "$id: no repository URL and commit"
  grep -q "<version>$version</version>" <<<"$nuspec" || fail "$id: version is not $version"
  grep -q '<releaseNotes>[^<]' <<<"$nuspec" || fail "$id: no release notes from CHANGELOG.md"
  grep -q '<tags>[^<]' <<<"$nuspec" || fail "$id: no tags"
  grep -q '<description>[^<]' <<<"$nuspec" || fail "$id: no description"

  local tfm pdb symbols
  symbols=$(unzip -Z1 "$snupkg")
  for tfm in "$@"; do
    grep -qx "lib/$tfm/$id.dll" <<<"$listing" || fail "$id: lib/$tfm/$id.dll is missing"
    grep -qx "lib/$tfm/$id.xml" <<<"$listing" || fail "$id: XML documentation for $tfm is missing"
    pdb="lib/$tfm/$id.pdb"
    grep -qx "$pdb" <<<"$symbols" || fail "$id: $pdb is not in the symbol package"
    # The SourceLink document is stored uncompressed in the portable PDB. Unzipped to a file first: a pipe into
    # `grep -q` would end early and, under pipefail, fail the check even when it matched.
    unzip -p "$snupkg" "$pdb" >"$work/check.pdb"
    grep -aq '{"documents":{"[^"]*":"https://raw.githubusercontent.com/[^"]*/[0-9a-f]\{40\}/\*"}}' "$work/check.pdb" \
      || fail "$id: $pdb has no SourceLink document mapping to GitHub at a commit"
  done
  echo "ok: $id $version package contents ($*)"
}

check_package KoreModelDeploy net10.0 netstandard2.0
check_package KoreModelDeploy.Emulator net10.0
check_package KoreModelDeploy.PostgreSql net10.0
# The schema script is shipped for DBAs to read and run, byte for byte the one the package's helper runs.
unzip -p "$feed/KoreModelDeploy.PostgreSql.$version.nupkg" sql/poll-budget-v1.sql | cmp -s - src/KoreModelDeploy.PostgreSql/sql/poll-budget-v1.sql \
  || fail "KoreModelDeploy.PostgreSql: sql/poll-budget-v1.sql is not in the package as written"
echo "ok: KoreModelDeploy.PostgreSql ships sql/poll-budget-v1.sql"

tool_listing=$(unzip -Z1 "$feed/KoreModelDeploy.Cli.$version.nupkg")
tool_nuspec=$(unzip -p "$feed/KoreModelDeploy.Cli.$version.nupkg" KoreModelDeploy.Cli.nuspec)
grep -qx 'tools/net10.0/any/kore-deploy.dll' <<<"$tool_listing" || fail "KoreModelDeploy.Cli: tools/net10.0/any/kore-deploy.dll is missing"
grep -qx 'tools/net10.0/any/DotnetToolSettings.xml' <<<"$tool_listing" || fail "KoreModelDeploy.Cli: not a .NET tool package"
grep -qx 'README.md' <<<"$tool_listing" || fail "KoreModelDeploy.Cli: README.md is not in the package"
grep -q '<packageType name="DotnetTool"' <<<"$tool_nuspec" || fail "KoreModelDeploy.Cli: the nuspec is not a DotnetTool package"
grep -q '<releaseNotes>[^<]' <<<"$tool_nuspec" || fail "KoreModelDeploy.Cli: no release notes from CHANGELOG.md"
echo "ok: KoreModelDeploy.Cli $version tool package contents"

if [ -n "$keep_dir" ]; then
  mkdir -p "$keep_dir"
  cp "$feed"/*.nupkg "$feed"/*.snupkg "$keep_dir"/
fi

# --- A new user's console project ---------------------------------------------------------------------------------
# Files here stop MSBuild from picking up settings of any directory above the temporary folder.
printf '<Project />\n' >"$work/Directory.Build.props"
printf '<Project />\n' >"$work/Directory.Build.targets"
printf '<Project />\n' >"$work/Directory.Packages.props"
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <!-- These ids come only from the freshly packed feed, never from a published copy. -->
    <packageSource key="local">
      <package pattern="KoreModelDeploy" />
      <package pattern="KoreModelDeploy.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF

# The fresh app gets a package cache of its own, so a copy of this version restored earlier (or from another commit)
# is never used. Packing above used the normal cache: it reuses the solution's restore and build instead of redoing them.
export NUGET_PACKAGES="$work/packages"
dotnet new console -o "$app" -n InstallTest --framework net10.0 >/dev/null || fail "dotnet new console"
(
  cd "$app"
  dotnet add package KoreModelDeploy --version "$version" --no-restore >/dev/null
  dotnet add package KoreModelDeploy.Emulator --version "$version" --no-restore >/dev/null
  # The emulator snippet is a test and asserts with FluentAssertions, as README shows it.
  dotnet add package FluentAssertions --version 7.2.2 --no-restore >/dev/null
) || fail "dotnet add package"

# Prints the code between `// <snippet:NAME>` and `// </snippet:NAME>` in samples/ or tests/, as README shows it.
snippet() {
  local name=$1 file code
  file=$(grep -rl --include='*.cs' "// <snippet:$name>" samples tests | grep -v '/obj/' | head -1 || true)
  [ -n "$file" ] || fail "no snippet region '$name' in samples/ or tests/"
  code=$(awk -v start="// <snippet:$name>" -v end="// </snippet:$name>" '
    index($0, end) { inside = 0 }
    inside { print }
    index($0, start) { inside = 1 }' "$file")
  [ -n "$code" ] || fail "snippet region '$name' in $file is empty"
  printf '%s\n' "$code"
}

{
  cat <<'EOF'
// README's quick start, copied from its compiled snippet regions by eng/install-test.sh.
using FluentAssertions;
using KoreModelDeploy;
using KoreModelDeploy.Emulator;
using KoreModelDeploy.Models;

await using (var emulator = await KoreEmulator.StartAsync(new KoreEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(300) }))
{
    var final = await QuickStart.PlainConstructionAsync(emulator.BaseAddress, emulator.ApiKey);
    Console.WriteLine($"{final.Id}: {final.Status}");
    if (final.Status != DockJobStatus.Success)
    {
        Console.Error.WriteLine($"expected SUCCESS, got {final.Status}");
        return 1;
    }
}

await QuickStart.EmulatorTestAsync(new DeployModelRequest
{
    Name = "gpt2",
    HyperParameters = new HyperParameters { Temperature = 1, MaxTokens = 512, TopP = 1, TopK = 50 },
    DeviceType = DeviceType.G5XLarge,
});
Console.WriteLine("emulator snippet: the failed job reached the caller with the vendor's message");
Console.WriteLine("SUCCESS");
return 0;

internal static class QuickStart
{
    public static async Task<DockStatus> PlainConstructionAsync(Uri host, string apiKey)
    {
EOF
  snippet plain-construction
  snippet resume
  cat <<'EOF'
        return final;
    }

    public static async Task EmulatorTestAsync(DeployModelRequest request)
    {
EOF
  snippet emulator-test
  cat <<'EOF'
    }
}
EOF
} >"$app/Program.cs"

dotnet build "$app" -c Release -nologo -v quiet -warnaserror >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "README's quick start does not compile against the packages"; }

# Both packages must have come from the local feed, at this version.
for id in koremodeldeploy koremodeldeploy.emulator; do
  metadata="$NUGET_PACKAGES/$id/$version/.nupkg.metadata"
  [ -f "$metadata" ] || fail "$id $version was not restored"
  grep -q "\"source\": \"$feed" "$metadata" || fail "$id $version was restored from elsewhere: $(cat "$metadata")"
done

output=$(timeout 120 dotnet run --project "$app" -c Release --no-build 2>&1) || { echo "$output" >&2; fail "the quick start exited with an error"; }
echo "$output"
grep -q ': SUCCESS$' <<<"$output" || fail "the deployment did not end in SUCCESS"

# --- The command-line tool, installed from the feed into an empty folder --------------------------------------------
mkdir "$work/tool-user"
tools="$work/tool-user/tools"
(cd "$work/tool-user" && dotnet tool install KoreModelDeploy.Cli --version "$version" --tool-path "$tools") >"$work/tool.log" 2>&1 \
  || { cat "$work/tool.log" >&2; fail "dotnet tool install of KoreModelDeploy.Cli $version"; }
# A tool installed with --tool-path keeps a copy of its package in the tool folder's store: it must be the one packed here.
cmp -s "$tools/.store/koremodeldeploy.cli/$version/koremodeldeploy.cli/$version/koremodeldeploy.cli.$version.nupkg" \
  "$feed/KoreModelDeploy.Cli.$version.nupkg" || fail "KoreModelDeploy.Cli $version was not installed from the local feed"
# The tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not in a default location.
DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
export DOTNET_ROOT

help=$("$tools/kore-deploy" --help) || fail "kore-deploy --help exited with $?"
for command in deploy undeploy status wait validate emulator; do
  grep -q "^  $command" <<<"$help" || fail "kore-deploy --help does not list '$command'"
done

"$tools/kore-deploy" emulator --port 0 --api-key kg-install-test --job-duration 1s >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
for _ in $(seq 300); do
  grep -q 'listening on ' "$work/emulator.out" && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.err" >&2; fail "kore-deploy emulator exited early"; }
  sleep 0.1
done
emulator_url=$(sed -n 's/.*listening on //p' "$work/emulator.out")
[ -n "$emulator_url" ] || fail "kore-deploy emulator printed no URL"

deploy_json=$(cd "$work/tool-user" && env -u GITHUB_ACTIONS KORE_HOST="$emulator_url" KORE_API_KEY=kg-install-test \
  "$tools/kore-deploy" deploy cm-install-test --type openSource --file "$root/samples/KoreModelDeploy.Samples/flan-t5-deploy.json" \
  --poll-delay 250ms -o json) || fail "kore-deploy deploy exited with $?: $deploy_json"
grep -q '"status": "SUCCESS"' <<<"$deploy_json" || fail "kore-deploy deploy did not end in SUCCESS: $deploy_json"
kill "$emulator_pid"
wait "$emulator_pid" || fail "kore-deploy emulator did not stop cleanly on SIGTERM"
emulator_pid=
echo "ok: kore-deploy $version installed as a tool, --help, and a deploy against kore-deploy emulator"

echo "install test passed: KoreModelDeploy, KoreModelDeploy.Emulator and KoreModelDeploy.Cli $version from a local feed"
