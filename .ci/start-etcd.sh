# shellcheck shell=bash
# Sourced by .ci/run (and by hand before `dotnet test`): starts throwaway etcd servers on 127.0.0.1 for the
# Zask.Registry.Etcd tests: one single member (ZASK_TEST_ETCD=http://127.0.0.1:P) and one 3-member cluster
# (ZASK_TEST_ETCD_CLUSTER=http://127.0.0.1:P1,http://127.0.0.1:P2,http://127.0.0.1:P3). The cluster's members are
# started and stopped by the fault tests through ZASK_TEST_ETCD_CLUSTER_DIR/member-N/{start,pid}. Defines stop_etcd.
# No `set -e` here: this file runs inside the caller's shell, so every failure is reported through `return 1`.

_zask_etcd_fail() {
  echo "start-etcd: $*" >&2
  if [ -n "${ZASK_ETCD_DIR:-}" ]; then tail -n 20 "$ZASK_ETCD_DIR"/single/log "$ZASK_ETCD_DIR"/cluster/*/log 2>/dev/null >&2; fi
  return 1
}

_zask_etcd_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# Waits until a member answers its health endpoint (a condition with a deadline, not a sleep).
_zask_etcd_wait() {
  local url=$1 deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS --max-time 2 "$url/health" 2>/dev/null | grep -q '"health":"true"'; then return 0; fi
    sleep 0.2
  done
  return 1
}

# Writes member-N/start (a script that starts member N in the background and records its pid) and runs it.
_zask_etcd_member() {
  local dir=$1 name=$2 client=$3 peer=$4 cluster=$5 state=$6 token=$7
  mkdir -p "$dir/$name"
  cat >"$dir/$name/start" <<SCRIPT
#!/usr/bin/env bash
cd "$dir/$name" || exit 1
setsid etcd --name $name --data-dir "$dir/$name/data" \\
  --listen-client-urls http://127.0.0.1:$client --advertise-client-urls http://127.0.0.1:$client \\
  --listen-peer-urls http://127.0.0.1:$peer --initial-advertise-peer-urls http://127.0.0.1:$peer \\
  --initial-cluster $cluster --initial-cluster-state $state --initial-cluster-token $token \\
  --heartbeat-interval 50 --election-timeout 500 --unsafe-no-fsync >>"$dir/$name/log" 2>&1 </dev/null &
echo \$! >"$dir/$name/pid"
SCRIPT
  chmod +x "$dir/$name/start"
  "$dir/$name/start"
}

_zask_etcd_start() {
  local c p i single_client single_peer clients=() peers=() cluster="" urls=""
  if ! command -v etcd >/dev/null 2>&1; then
    echo "start-etcd: installing etcd-server"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq etcd-server >/dev/null; } || { _zask_etcd_fail "apt-get install etcd-server failed"; return 1; }
  fi
  command -v curl >/dev/null 2>&1 || { _zask_etcd_fail "curl is needed to wait for etcd"; return 1; }

  ZASK_ETCD_DIR=$(mktemp -d /tmp/zask-etcd.XXXXXX) || { _zask_etcd_fail "mktemp failed"; return 1; }

  single_client=$(_zask_etcd_port); single_peer=$(_zask_etcd_port)
  _zask_etcd_member "$ZASK_ETCD_DIR" single "$single_client" "$single_peer" "single=http://127.0.0.1:$single_peer" new "zask-single-$single_client"
  for i in 1 2 3; do
    clients+=("$(_zask_etcd_port)"); peers+=("$(_zask_etcd_port)")
    cluster+="${cluster:+,}member-$i=http://127.0.0.1:${peers[$((i - 1))]}"
    urls+="${urls:+,}http://127.0.0.1:${clients[$((i - 1))]}"
  done
  for i in 1 2 3; do
    _zask_etcd_member "$ZASK_ETCD_DIR/cluster" "member-$i" "${clients[$((i - 1))]}" "${peers[$((i - 1))]}" "$cluster" new "zask-cluster-${clients[0]}"
  done
  # Later restarts of a member join the existing cluster.
  sed -i 's/--initial-cluster-state new/--initial-cluster-state existing/' "$ZASK_ETCD_DIR"/cluster/member-*/start

  _zask_etcd_wait "http://127.0.0.1:$single_client" || { _zask_etcd_fail "the single etcd member did not become healthy"; stop_etcd; return 1; }
  for c in "${clients[@]}"; do
    _zask_etcd_wait "http://127.0.0.1:$c" || { _zask_etcd_fail "cluster member on port $c did not become healthy"; stop_etcd; return 1; }
  done
  export ZASK_TEST_ETCD="http://127.0.0.1:$single_client"
  export ZASK_TEST_ETCD_CLUSTER="$urls"
  export ZASK_TEST_ETCD_CLUSTER_DIR="$ZASK_ETCD_DIR/cluster"
  echo "start-etcd: $(etcd --version | head -n 1); single member $ZASK_TEST_ETCD; cluster $ZASK_TEST_ETCD_CLUSTER"
}

stop_etcd() {
  local f
  if [ -n "${ZASK_ETCD_DIR:-}" ] && [ -d "$ZASK_ETCD_DIR" ]; then
    for f in "$ZASK_ETCD_DIR"/single/pid "$ZASK_ETCD_DIR"/cluster/*/pid; do
      # Throwaway data: no need for a graceful stop, which waits for a leader transfer that cannot happen.
      [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    rm -rf "$ZASK_ETCD_DIR"
  fi
  unset ZASK_ETCD_DIR ZASK_TEST_ETCD ZASK_TEST_ETCD_CLUSTER ZASK_TEST_ETCD_CLUSTER_DIR
}

_zask_etcd_start
