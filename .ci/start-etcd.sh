# shellcheck shell=bash
# Sourced by .ci/run (and by hand before `dotnet test`): starts throwaway etcd servers on 127.0.0.1 for the
# Zask.Registry.Etcd tests: one single member (ZASK_TEST_ETCD=http://127.0.0.1:P) and one 3-member cluster
# (ZASK_TEST_ETCD_CLUSTER=http://127.0.0.1:P1,http://127.0.0.1:P2,http://127.0.0.1:P3). The cluster's members are
# started and stopped by the fault tests through ZASK_TEST_ETCD_CLUSTER_DIR/member-N/{start,pid}. Two more single
# members test security: one serving TLS (ZASK_TEST_ETCD_TLS=https://127.0.0.1:P, its certificate signed by a CA made
# here with openssl, ZASK_TEST_ETCD_TLS_CA; ZASK_TEST_ETCD_OTHER_CA is a CA that signed nothing of etcd's) and one with
# authentication on (ZASK_TEST_ETCD_AUTH=http://127.0.0.1:P; user ZASK_TEST_ETCD_AUTH_USER with password
# ZASK_TEST_ETCD_AUTH_PASSWORD may read and write keys under /zask). Defines stop_etcd.
# No `set -e` here: this file runs inside the caller's shell, so every failure is reported through `return 1`.

_zask_etcd_fail() {
  echo "start-etcd: $*" >&2
  if [ -n "${ZASK_ETCD_DIR:-}" ]; then tail -n 20 "$ZASK_ETCD_DIR"/single/log "$ZASK_ETCD_DIR"/tls/log "$ZASK_ETCD_DIR"/auth/log "$ZASK_ETCD_DIR"/cluster/*/log 2>/dev/null >&2; fi
  return 1
}

_zask_etcd_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# Waits until a member answers its health endpoint (a condition with a deadline, not a sleep).
_zask_etcd_wait() {
  local url=$1 deadline=$((SECONDS + 30)); shift
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS --max-time 2 "$@" "$url/health" 2>/dev/null | grep -q '"health":"true"'; then return 0; fi
    sleep 0.2
  done
  return 1
}

# Writes member-N/start (a script that starts member N in the background and records its pid) and runs it.
# Optional: the client URL scheme (https with --cert-file/--key-file in the extra flags) and extra etcd flags.
_zask_etcd_member() {
  local dir=$1 name=$2 client=$3 peer=$4 cluster=$5 state=$6 token=$7 scheme=${8:-http} extra=${9:-}
  mkdir -p "$dir/$name"
  cat >"$dir/$name/start" <<SCRIPT
#!/usr/bin/env bash
cd "$dir/$name" || exit 1
setsid etcd --name $name --data-dir "$dir/$name/data" $extra \\
  --listen-client-urls $scheme://127.0.0.1:$client --advertise-client-urls $scheme://127.0.0.1:$client \\
  --listen-peer-urls http://127.0.0.1:$peer --initial-advertise-peer-urls http://127.0.0.1:$peer \\
  --initial-cluster $cluster --initial-cluster-state $state --initial-cluster-token $token \\
  --heartbeat-interval 50 --election-timeout 500 --unsafe-no-fsync >>"$dir/$name/log" 2>&1 </dev/null &
echo \$! >"$dir/$name/pid"
SCRIPT
  chmod +x "$dir/$name/start"
  "$dir/$name/start"
}

# A CA, a server certificate it signs for 127.0.0.1 and localhost, and a second CA that signs nothing (for the test
# of an untrusted authority), all in $1.
_zask_etcd_certs() {
  local dir=$1 ca
  mkdir -p "$dir" || return 1
  for ca in ca other-ca; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=zask-test-$ca" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout "$dir/$ca.key" -out "$dir/$ca.pem" 2>/dev/null || return 1
  done
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null || return 1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null || return 1
}

# POSTs JSON to a member's v3 gRPC gateway (no etcdctl needed); fails when etcd answers with an error.
_zask_etcd_api() {
  local url=$1 path=$2 body=$3 answer
  answer=$(curl -sS --max-time 5 -X POST -d "$body" "$url/v3/$path") || return 1
  case $answer in *'"error"'*) echo "start-etcd: $path: $answer" >&2; return 1 ;; esac
}

_zask_etcd_b64() { printf '%s' "$1" | base64 -w0; }

# Turns authentication on: a root user, and a user with a role that may read and write keys under /zask.
_zask_etcd_auth() {
  local url=$1 user=$2 password=$3
  _zask_etcd_api "$url" auth/user/add "{\"name\":\"root\",\"password\":\"$(openssl rand -hex 12)\"}" &&
    _zask_etcd_api "$url" auth/role/add '{"name":"root"}' &&
    _zask_etcd_api "$url" auth/user/grant '{"user":"root","role":"root"}' &&
    _zask_etcd_api "$url" auth/role/add '{"name":"zask"}' &&
    _zask_etcd_api "$url" auth/role/grant "{\"name\":\"zask\",\"perm\":{\"permType\":\"READWRITE\",\"key\":\"$(_zask_etcd_b64 /zask)\",\"range_end\":\"$(_zask_etcd_b64 /zasl)\"}}" &&
    _zask_etcd_api "$url" auth/user/add "{\"name\":\"$user\",\"password\":\"$password\"}" &&
    _zask_etcd_api "$url" auth/user/grant "{\"user\":\"$user\",\"role\":\"zask\"}" &&
    _zask_etcd_api "$url" auth/enable '{}'
}

_zask_etcd_start() {
  local c p i single_client single_peer tls_client tls_peer auth_client auth_peer auth_password clients=() peers=() cluster="" urls=""
  if ! command -v etcd >/dev/null 2>&1; then
    echo "start-etcd: installing etcd-server"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq etcd-server >/dev/null; } || { _zask_etcd_fail "apt-get install etcd-server failed"; return 1; }
  fi
  command -v curl >/dev/null 2>&1 || { _zask_etcd_fail "curl is needed to wait for etcd"; return 1; }
  command -v openssl >/dev/null 2>&1 || { _zask_etcd_fail "openssl is needed for the TLS member's certificates"; return 1; }

  ZASK_ETCD_DIR=$(mktemp -d /tmp/zask-etcd.XXXXXX) || { _zask_etcd_fail "mktemp failed"; return 1; }

  single_client=$(_zask_etcd_port); single_peer=$(_zask_etcd_port)
  _zask_etcd_member "$ZASK_ETCD_DIR" single "$single_client" "$single_peer" "single=http://127.0.0.1:$single_peer" new "zask-single-$single_client"
  _zask_etcd_certs "$ZASK_ETCD_DIR/certs" || { _zask_etcd_fail "openssl could not make the test certificates"; stop_etcd; return 1; }
  tls_client=$(_zask_etcd_port); tls_peer=$(_zask_etcd_port)
  _zask_etcd_member "$ZASK_ETCD_DIR" tls "$tls_client" "$tls_peer" "tls=http://127.0.0.1:$tls_peer" new "zask-tls-$tls_client" https \
    "--cert-file $ZASK_ETCD_DIR/certs/server.pem --key-file $ZASK_ETCD_DIR/certs/server.key"
  auth_client=$(_zask_etcd_port); auth_peer=$(_zask_etcd_port)
  _zask_etcd_member "$ZASK_ETCD_DIR" auth "$auth_client" "$auth_peer" "auth=http://127.0.0.1:$auth_peer" new "zask-auth-$auth_client"
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
  _zask_etcd_wait "https://127.0.0.1:$tls_client" --cacert "$ZASK_ETCD_DIR/certs/ca.pem" || { _zask_etcd_fail "the TLS etcd member did not become healthy"; stop_etcd; return 1; }
  _zask_etcd_wait "http://127.0.0.1:$auth_client" || { _zask_etcd_fail "the etcd member for authentication did not become healthy"; stop_etcd; return 1; }
  auth_password=$(openssl rand -hex 12)
  _zask_etcd_auth "http://127.0.0.1:$auth_client" zask-test "$auth_password" || { _zask_etcd_fail "could not turn authentication on"; stop_etcd; return 1; }
  for c in "${clients[@]}"; do
    _zask_etcd_wait "http://127.0.0.1:$c" || { _zask_etcd_fail "cluster member on port $c did not become healthy"; stop_etcd; return 1; }
  done
  export ZASK_TEST_ETCD="http://127.0.0.1:$single_client"
  export ZASK_TEST_ETCD_CLUSTER="$urls"
  export ZASK_TEST_ETCD_CLUSTER_DIR="$ZASK_ETCD_DIR/cluster"
  export ZASK_TEST_ETCD_TLS="https://127.0.0.1:$tls_client"
  export ZASK_TEST_ETCD_TLS_CA="$ZASK_ETCD_DIR/certs/ca.pem"
  export ZASK_TEST_ETCD_OTHER_CA="$ZASK_ETCD_DIR/certs/other-ca.pem"
  export ZASK_TEST_ETCD_AUTH="http://127.0.0.1:$auth_client"
  export ZASK_TEST_ETCD_AUTH_USER=zask-test
  export ZASK_TEST_ETCD_AUTH_PASSWORD="$auth_password"
  echo "start-etcd: $(etcd --version | head -n 1); single member $ZASK_TEST_ETCD; cluster $ZASK_TEST_ETCD_CLUSTER; TLS $ZASK_TEST_ETCD_TLS; auth $ZASK_TEST_ETCD_AUTH"
}

stop_etcd() {
  local f
  if [ -n "${ZASK_ETCD_DIR:-}" ] && [ -d "$ZASK_ETCD_DIR" ]; then
    for f in "$ZASK_ETCD_DIR"/single/pid "$ZASK_ETCD_DIR"/tls/pid "$ZASK_ETCD_DIR"/auth/pid "$ZASK_ETCD_DIR"/cluster/*/pid; do
      # Throwaway data: no need for a graceful stop, which waits for a leader transfer that cannot happen.
      [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    rm -rf "$ZASK_ETCD_DIR"
  fi
  unset ZASK_ETCD_DIR ZASK_TEST_ETCD ZASK_TEST_ETCD_CLUSTER ZASK_TEST_ETCD_CLUSTER_DIR ZASK_TEST_ETCD_TLS ZASK_TEST_ETCD_TLS_CA \
    ZASK_TEST_ETCD_OTHER_CA ZASK_TEST_ETCD_AUTH ZASK_TEST_ETCD_AUTH_USER ZASK_TEST_ETCD_AUTH_PASSWORD
}

_zask_etcd_start
