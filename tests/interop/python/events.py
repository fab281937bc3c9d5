"""zerorpc pub/sub on pyzmq + msgpack, the way zerorpc-python's Publisher and Subscriber do it.

usage: events.py subscribe ENDPOINT
       events.py pull ENDPOINT
       events.py publish ENDPOINT METHOD ARGS_JSON

subscribe: connects a SUB socket (subscribed to everything) and prints the first event as one JSON object
{"name": ..., "args": ..., "header": ...} (bytes as hex); exit code 0, or 3 when none came within 30 s.
pull: binds a PULL socket, as zerorpc-python's Puller does, prints "listening", then the first event pushed to it
as subscribe does.
publish: binds a PUB socket and publishes the event [header, METHOD, ARGS] every 100 ms (a subscriber that connects
late misses what was sent before) until killed or 60 s have passed.
Each event is one frame, a msgpack array [header, name, args] with a v3 header and a bin message id.
"""
import json
import os
import sys
import time

import msgpack
import zmq


def subscribe(endpoint):
    socket = zmq.Context.instance().socket(zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(endpoint)
    return print_first_event(socket)


def pull(endpoint):
    socket = zmq.Context.instance().socket(zmq.PULL)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(endpoint)
    print("listening", flush=True)
    return print_first_event(socket)


def print_first_event(socket):
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    if poller.poll(30_000):
        header, name, args = msgpack.unpackb(socket.recv_multipart()[-1], raw=False)
        print(json.dumps({"name": name, "args": args, "header": header}, default=lambda b: b.hex()), flush=True)
        return 0
    print("no event within 30 s", file=sys.stderr)
    return 3


def publish(endpoint, method, args):
    socket = zmq.Context.instance().socket(zmq.PUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(endpoint)
    print("publishing", flush=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        header = {"message_id": os.urandom(16), "v": 3}
        socket.send(msgpack.packb([header, method, args], use_bin_type=True))
        time.sleep(0.1)
    return 0


def main():
    if sys.argv[1] == "subscribe":
        return subscribe(sys.argv[2])
    if sys.argv[1] == "pull":
        return pull(sys.argv[2])
    return publish(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))


if __name__ == "__main__":
    sys.exit(main())
