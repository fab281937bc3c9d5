#!/usr/bin/env bash
# Installs the libzmq interop peer of tests/Zask.Zmtp.Tests: Debian's python3-zmq (pyzmq 24, libzmq 4.3.4 with
# CURVE) for /usr/bin/python3. Idempotent: apt runs only when the module is missing.
set -euo pipefail

if /usr/bin/python3 -c 'import zmq, zmq.auth.thread; assert zmq.has("curve")' >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[install-pyzmq-peer] apt-get install python3-zmq" >&2
apt_log="$(mktemp)"
if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
       && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-zmq; } \
     >"$apt_log" 2>&1; then
  tail -n 40 "$apt_log" >&2; rm -f "$apt_log"
  echo "[install-pyzmq-peer] apt-get install failed" >&2; exit 1
fi
rm -f "$apt_log"
/usr/bin/python3 -c 'import zmq; assert zmq.has("curve")'
