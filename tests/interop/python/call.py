"""A minimal zerorpc caller on pyzmq + msgpack (zerorpc-python itself is not installable everywhere).

usage: call.py ENDPOINT METHOD [ARGS_JSON] [CONTEXT_JSON]

Sends one request the way zerorpc-python does (DEALER, empty delimiter frame, v3 header with a bin message id,
extra header keys from CONTEXT_JSON) and prints the first reply that is not a heartbeat as one JSON object:
{"name": "OK" | "ERR" | "STREAM" | ..., "args": ...}. Exit code 0 on a reply, 3 when none came within the timeout
(ZASK_CALL_TIMEOUT_MS, 10 s by default).

CURVE, as a zerorpc-python client configured with keys: ZASK_CURVE_SERVER_KEY (the server's public key, Z85) and,
optionally, ZASK_CURVE_PUBLIC_KEY / ZASK_CURVE_SECRET_KEY (this client's pair; a fresh one when unset).
"""
import json
import os
import sys

import msgpack
import zmq


def main():
    endpoint, method = sys.argv[1], sys.argv[2]
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else []
    context = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    timeout_ms = int(os.environ.get("ZASK_CALL_TIMEOUT_MS", "10000"))
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    server_key = os.environ.get("ZASK_CURVE_SERVER_KEY")
    if server_key:
        public, secret = os.environ.get("ZASK_CURVE_PUBLIC_KEY"), os.environ.get("ZASK_CURVE_SECRET_KEY")
        if not public or not secret:
            public, secret = (k.decode() for k in zmq.curve_keypair())
        socket.curve_serverkey = server_key.encode()
        socket.curve_publickey = public.encode()
        socket.curve_secretkey = secret.encode()
        # One handshake per call: a refused one is not retried within the timeout.
        socket.setsockopt(zmq.RECONNECT_IVL, 60_000)
    socket.connect(endpoint)
    header = dict(context, message_id=os.urandom(16), v=3)
    socket.send_multipart([b"", msgpack.packb([header, method, args], use_bin_type=True)])
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    while poller.poll(timeout_ms):
        frames = socket.recv_multipart()
        header, name, reply = msgpack.unpackb(frames[-1], raw=False)
        if name != "_zpc_hb":
            print(json.dumps({"name": name, "args": reply}, default=lambda b: b.hex()))
            return 0
    print(f"no reply within {timeout_ms} ms", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
