#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, only where it is missing: PostgreSQL 13 or later (the journal and
# poll-budget tests start throwaway servers from it), Azurite (pinned in tests/azurite), and zsh and fish (the
# completion tests load kore-deploy's scripts in them). Used by .ci/run and eng/stress-tests.sh, so that a run on a
# fresh machine fails only for what the tests find, never for a missing tool.
# Installing needs apt-get, as root or through sudo; a machine that has everything installs nothing.
set -euo pipefail

cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# Packages are installed together, after one `apt-get update`.
packages=()

postgresql_found() {
  local dir major
  for dir in $(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)") /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] || continue
    major=$("$dir/pg_ctl" --version 2>/dev/null | sed -n 's/.*(PostgreSQL) \([0-9]\+\).*/\1/p')
    [ -n "$major" ] && [ "$major" -ge 13 ] && return 0
  done
  return 1
}
if ! postgresql_found; then
  packages+=(postgresql)
fi

for shell in zsh fish; do
  command -v "$shell" >/dev/null 2>&1 || packages+=("$shell")
done

if [ ${#packages[@]} -gt 0 ]; then
  echo "::group::install ${packages[*]} (missing)"
  if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; }; then
    echo "error: the tests need ${packages[*]}; install them (Debian: apt-get install ${packages[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
  echo "::endgroup::"
fi

# The fixture would run `npm ci` itself; done here so that no test's time includes it.
if [ ! -e tests/azurite/node_modules/azurite/package.json ]; then
  echo "::group::install Azurite (npm ci in tests/azurite)"
  (cd tests/azurite && npm ci --no-audit --no-fund)
  echo "::endgroup::"
fi
