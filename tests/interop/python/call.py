"""A minimal zerorpc caller on pyzmq + msgpack (zerorpc-python itself is not installable everywhere).

usage: call.py ENDPOINT METHOD [ARGS_JSON] [CONTEXT_JSON]

Sends one request the way zerorpc-python does (DEALER, empty delimiter frame, v3 header with a bin message id,
extra header keys from CONTEXT_JSON) and prints the first reply that is not a heartbeat as one JSON object:
{"name": "OK" | "ERR" | "STREAM" | ..., "args": ...}. Exit code 0 on a reply, 3 when none came within 10 s.
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
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    header = dict(context, message_id=os.urandom(16), v=3)
    socket.send_multipart([b"", msgpack.packb([header, method, args], use_bin_type=True)])
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    while poller.poll(10_000):
        frames = socket.recv_multipart()
        header, name, reply = msgpack.unpackb(frames[-1], raw=False)
        if name != "_zpc_hb":
            print(json.dumps({"name": name, "args": reply}, default=lambda b: b.hex()))
            return 0
    print("no reply within 10 s", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
