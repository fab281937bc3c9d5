#!/usr/bin/env bash
# Runs every test of the repository, as CI does (.ci/run calls this script), on a Debian machine with the .NET SDK:
#   1. installs what the interop and database tests need, each step only when it is missing: Debian's python3-zmq
#      and python3-msgpack (Python peers), Node.js and the zerorpc-node peer (.ci/install-node-peer.sh), PostgreSQL;
#   2. starts a throwaway PostgreSQL server (.ci/start-postgres.sh) and etcd, one member and a 3-member cluster
#      (.ci/start-etcd.sh), stopped and removed at the end; makes Prometheus available (.ci/start-prometheus.sh: the
#      telemetry tests start their own servers);
#   3. runs `dotnet test Zask.slnx` with ZASK_REQUIRE_INTEROP=1, so that a missing peer fails instead of skipping;
#   4. packs the libraries and the zask tool, and tests the zask-service template against those packages;
#   5. ends with one line: "N passed, N failed, N skipped", and exits non-zero when anything failed.
# Installing needs root (or sudo ./test.sh). Plain `dotnet test Zask.slnx` needs none of this: it skips what it
# cannot run, saying why and which command enables it.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "$(id -u)" -ne 0 ]; then
  echo "test.sh installs packages and starts PostgreSQL as its own user: run it as root (sudo ./test.sh)," >&2
  echo "or run 'dotnet test Zask.slnx', which skips the tests whose peers are missing." >&2
  exit 1
fi

log=$(mktemp)
status=0
cleanup() {
  if declare -F stop_postgres >/dev/null; then stop_postgres; fi
  if declare -F stop_etcd >/dev/null; then stop_etcd; fi
  rm -f "$log"
}
trap cleanup EXIT

fail_setup() {
  echo "test.sh: $*" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
}

echo "== installing what the tests need"
missing=()
for pkg in python3-zmq python3-msgpack; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  apt_log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2; rm -f "$apt_log"
    fail_setup "apt-get install ${missing[*]} failed"
  fi
  rm -f "$apt_log"
fi
bash .ci/install-node-peer.sh || fail_setup "the zerorpc-node peer could not be installed (.ci/install-node-peer.sh)"
export ZASK_NODE_PEER_DIR="$PWD/tests/interop/node"
export ZASK_REQUIRE_INTEROP=1

echo "== starting PostgreSQL"
# shellcheck source=.ci/start-postgres.sh
source .ci/start-postgres.sh || fail_setup "PostgreSQL could not be started (.ci/start-postgres.sh)"

echo "== starting etcd"
# shellcheck source=.ci/start-etcd.sh
source .ci/start-etcd.sh || fail_setup "etcd could not be started (.ci/start-etcd.sh)"

echo "== Prometheus for the telemetry tests"
# shellcheck source=.ci/start-prometheus.sh
source .ci/start-prometheus.sh || fail_setup "Prometheus could not be installed (.ci/start-prometheus.sh)"

echo "== dotnet test Zask.slnx"
dotnet test Zask.slnx 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
stop_postgres
stop_etcd

echo "== packing the libraries and the zask tool"
packages=""
if packages=$(bash .ci/pack.sh | tail -n 1); then :; else echo "packing failed" >&2; status=1; fi
if [ -n "$packages" ]; then
  echo "== the zask-service template: instantiate, build, test"
  ZASK_PACKAGES_DIR="$packages" bash .ci/test-template.sh 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # The folder was made for this run, unless the caller named it.
  [ -n "${ZASK_PACKAGES_DIR:-}" ] || rm -rf "$packages"
fi

# dotnet test prints "Passed!  - Failed: N, Passed: N, Skipped: N, ..." (or "Failed!") once per test project.
passed=0; failed=0; skipped=0
while read -r f p s; do
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done < <(sed -nE 's/.*(Passed|Failed|Skipped)!\s+-\s+Failed:\s+([0-9]+),\s+Passed:\s+([0-9]+),\s+Skipped:\s+([0-9]+).*/\2 \3 \4/p' "$log")
# A failure that no test counted (a build error, a crashed test host, a failed pack) still fails the run.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
