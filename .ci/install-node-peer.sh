#!/usr/bin/env bash
# Installs the zerorpc-node 0.9.8 interop peer (tests/interop/node) and what it needs.
# Idempotent: apt packages are installed only when missing, npm runs only when
# node_modules/zerorpc is missing or its native zeromq binding does not load.
#
# zerorpc@0.9.8 depends on zeromq@^4.6, which downloads prebuilt binaries and cannot build for
# Node 20. package.json overrides it to zeromq@5.3.1, built here from source against Debian's libzmq.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER_DIR="$ROOT/tests/interop/node"
start=$(date +%s)

log() { echo "[install-node-peer] $*" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node/npm not found on PATH"; exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# --- system packages -------------------------------------------------------
missing=()
for pkg in libzmq3-dev build-essential pkg-config python3; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt_log="$(mktemp)"
  if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
       >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2; rm -f "$apt_log"
    log "apt-get install failed"; exit 1
  fi
  rm -f "$apt_log"
fi

# --- node headers for node-gyp ----------------------------------------------
# node-gyp must not download headers (no internet). Use the ones installed with node.
NODE_PREFIX="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
if [ ! -f "$NODE_PREFIX/include/node/node.h" ]; then
  log "node headers not found in $NODE_PREFIX/include/node; trying apt libnode-dev"
  { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnode-dev; } >&2 || true
  if [ -f /usr/include/node/node.h ]; then NODE_PREFIX=/usr; else log "no node headers available"; exit 1; fi
fi

# --- npm packages ------------------------------------------------------------
binding_ok() {
  (cd "$PEER_DIR" && node -e 'require("zerorpc")' >/dev/null 2>&1)
}
if [ ! -d "$PEER_DIR/node_modules/zerorpc" ] || ! binding_ok; then
  # nodedir: node-gyp uses the local headers instead of downloading them.
  # zmq_external: zeromq's binding.gyp links Debian's libzmq instead of building its bundled copy.
  export npm_config_nodedir="$NODE_PREFIX"
  export npm_config_zmq_external=true
  cd "$PEER_DIR"
  if [ -f package-lock.json ]; then
    log "npm ci (nodedir=$NODE_PREFIX, zmq_external=true)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  else
    log "npm install (nodedir=$NODE_PREFIX, zmq_external=true)"
    npm install --no-audit --no-fund --loglevel=error >&2
  fi
  binding_ok || { log "zerorpc installed but does not load"; exit 1; }
fi

zver="$(cd "$PEER_DIR" && node -p 'require("zerorpc/package.json").version')"
zmqver="$(cd "$PEER_DIR" && node -p 'require("zeromq/package.json").version + " (libzmq " + require("zeromq").version + ")"')"
echo "node-peer: ready (node $(node --version), zerorpc $zver, zeromq $zmqver) in $(( $(date +%s) - start ))s"
