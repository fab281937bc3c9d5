# shellcheck shell=bash
# Sourced by test.sh (and by hand before `dotnet test`): makes a real Prometheus server available to the telemetry
# tests. Installs Debian's `prometheus` package when it is missing and exports ZASK_TEST_PROMETHEUS (the server's
# binary). Each test starts its own server from it, with a generated config that scrapes the service under test, on
# free ports, its data in a temporary folder, and stops it afterwards: nothing is left running here.
# No `set -e` here: this file runs inside the caller's shell, so every failure is reported through `return 1`.

_zask_prometheus_fail() {
  echo "start-prometheus: $*" >&2
  return 1
}

if ! command -v prometheus >/dev/null 2>&1; then
  echo "apt-get install prometheus"
  _zask_prometheus_log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } >"$_zask_prometheus_log" 2>&1; then
    tail -n 30 "$_zask_prometheus_log" >&2
    rm -f "$_zask_prometheus_log"
    _zask_prometheus_fail "apt-get install prometheus failed" || return 1
  fi
  rm -f "$_zask_prometheus_log"
  # The package starts a system service; the tests run their own servers.
  systemctl disable --now prometheus >/dev/null 2>&1 || service prometheus stop >/dev/null 2>&1 || true
fi
ZASK_TEST_PROMETHEUS=$(command -v prometheus) || _zask_prometheus_fail "prometheus is not on the PATH after installing it" || return 1
"$ZASK_TEST_PROMETHEUS" --version >/dev/null 2>&1 || _zask_prometheus_fail "$ZASK_TEST_PROMETHEUS --version failed" || return 1
export ZASK_TEST_PROMETHEUS
