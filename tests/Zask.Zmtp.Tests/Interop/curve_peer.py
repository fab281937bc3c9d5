"""A libzmq (pyzmq) CURVE peer for Zask.Zmtp's interop tests. Talks to the test over stdout lines.

  curve_peer.py server [ALLOWED_CLIENT_KEY_Z85]
      ROUTER with curve_server on 127.0.0.1, a fresh key pair. Prints "SERVER <port> <public-key-z85>".
      With ALLOWED_CLIENT_KEY_Z85 a ZAP handler (ThreadAuthenticator) accepts only that client key.
      Echoes one message as b"echo:" + payload, prints "GOT <payload>", and prints monitor events.
  curve_peer.py client <port> <server-public-key-z85>
      DEALER with a fresh client key pair. Prints "CLIENT <public-key-z85>", then waits for "GO" on stdin,
      connects, sends b"hello from pyzmq" and prints "GOT <reply>" or the handshake events it saw.
Everything ends by itself within the deadline below.
"""
import os
import sys
import tempfile
import time

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils.monitor import recv_monitor_message

DEADLINE_S = 20


def say(*words):
    print(*words, flush=True)


def event_name(code):
    for name in dir(zmq):
        if name.startswith("EVENT_") and getattr(zmq, name) == code and name != "EVENT_ALL":
            return name[len("EVENT_"):]
    return str(code)


def drain_events(monitor):
    """Prints the monitor's events; True once a handshake has failed (the peer will not get further)."""
    failed = False
    while monitor.poll(0):
        event = recv_monitor_message(monitor)
        name = event_name(event["event"])
        say("EVENT", name, event["value"])
        failed = failed or name.startswith("HANDSHAKE_FAILED")
    return failed


def serve(allowed_key):
    ctx = zmq.Context()
    auth = None
    if allowed_key is not None:
        auth = ThreadAuthenticator(ctx)
        auth.start()
        folder = tempfile.mkdtemp()
        with open(os.path.join(folder, "allowed.key"), "w") as f:
            f.write('metadata\ncurve\n    public-key = "%s"\n' % allowed_key)
        auth.configure_curve(domain="*", location=folder)
    public, secret = zmq.curve_keypair()
    router = ctx.socket(zmq.ROUTER)
    router.curve_server = True
    router.curve_secretkey = secret
    router.curve_publickey = public
    router.linger = 0
    monitor = router.get_monitor_socket()
    port = router.bind_to_random_port("tcp://127.0.0.1")
    say("SERVER", port, public.decode())
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if drain_events(monitor):
            break
        if router.poll(50):
            identity, payload = router.recv_multipart()
            say("GOT", payload.decode())
            router.send_multipart([identity, b"echo:" + payload])
            break
    # Give the echo its way out, then report every event seen.
    flush_end = time.monotonic() + 1
    while time.monotonic() < flush_end:
        drain_events(monitor)
        monitor.poll(50)
    say("DONE")
    if auth is not None:
        auth.stop()
    ctx.destroy(linger=0)


def connect(port, server_key):
    ctx = zmq.Context()
    public, secret = zmq.curve_keypair()
    say("CLIENT", public.decode())
    if sys.stdin.readline().strip() != "GO":
        return
    dealer = ctx.socket(zmq.DEALER)
    dealer.curve_serverkey = server_key.encode()
    dealer.curve_publickey = public
    dealer.curve_secretkey = secret
    dealer.linger = 0
    monitor = dealer.get_monitor_socket()
    dealer.connect("tcp://127.0.0.1:%s" % port)
    dealer.send(b"hello from pyzmq")
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if drain_events(monitor):
            break
        if dealer.poll(50):
            say("GOT", dealer.recv().decode())
            break
    drain_events(monitor)
    say("DONE")
    ctx.destroy(linger=0)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        connect(sys.argv[2], sys.argv[3])
