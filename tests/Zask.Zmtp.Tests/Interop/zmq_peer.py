"""A libzmq peer for Zask.Zmtp's interop tests (pyzmq on Debian's libzmq 4.3.4).

Usage: zmq_peer.py ROLE ENDPOINT [ARGS...]. It prints one line per event on stdout ("BOUND <endpoint>", "GOT ...",
"OK ..."), flushes each, and exits with status 1 and a reason on stderr when something is wrong.
"""
import sys
import time
import zmq

role, endpoint, args = sys.argv[1], sys.argv[2], sys.argv[3:]
ctx = zmq.Context()


def say(*words):
    print(*words, flush=True)


def fail(reason):
    print(reason, file=sys.stderr, flush=True)
    sys.exit(1)


def done():
    # Closes the sockets and terminates the context before saying OK: that waits (up to the linger) until what was
    # sent has reached our end. At exit pyzmq leaves the context alone, and libzmq's queues die with the process: a
    # push whose peer had not finished the handshake yet (a starved test host) lost all its messages that way.
    ctx.destroy()
    say("OK")


def open_socket(kind, **opts):
    s = ctx.socket(kind)
    # As long as the tests wait for a message (30 s): on a busy machine our end may take seconds to read, and
    # libzmq drops what is still queued when the linger runs out or gives up on a receive.
    s.setsockopt(zmq.LINGER, 30000)
    s.setsockopt(zmq.RCVTIMEO, 30000)
    for name, value in opts.items():
        s.setsockopt(getattr(zmq, name), value)
    if endpoint.startswith("bind:"):
        s.bind(endpoint[5:])
        say("BOUND", s.getsockopt(zmq.LAST_ENDPOINT).decode())
    else:
        s.connect(endpoint)
    return s


try:
    if role == "router-echo":
        # Echoes every message to its sender until stdin closes or ARGS[0] messages were echoed.
        s = open_socket(zmq.ROUTER)
        for _ in range(int(args[0])):
            s.send_multipart(s.recv_multipart())
        done()
    elif role == "dealer-requests":
        # Sends ARGS[0] requests [b"", b"req N"], expects each echoed back in order.
        opts = {"IDENTITY": args[1].encode()} if len(args) > 1 else {}
        s = open_socket(zmq.DEALER, **opts)
        for i in range(int(args[0])):
            s.send_multipart([b"", b"req %d" % i])
            reply = s.recv_multipart()
            if reply != [b"", b"req %d" % i]:
                fail("reply %r to request %d" % (reply, i))
        done()
    elif role == "push":
        s = open_socket(zmq.PUSH)
        for i in range(int(args[0])):
            s.send_multipart([b"job", b"%d" % i])
        done()
    elif role == "pull":
        s = open_socket(zmq.PULL)
        for i in range(int(args[0])):
            m = s.recv_multipart()
            if m != [b"job", b"%d" % i]:
                fail("message %d was %r" % (i, m))
        done()
    elif role == "sub":
        # Subscribes to ARGS[1] and reports the first ARGS[0] messages' topics.
        s = open_socket(zmq.SUB, SUBSCRIBE=args[1].encode())
        for _ in range(int(args[0])):
            say("GOT", s.recv_multipart()[0].decode())
        done()
    elif role == "pub":
        # Publishes "top.TAG.N" and "other.TAG.N" alternately every 5 ms until killed (TAG = ARGS[0]).
        s = open_socket(zmq.PUB)
        tag = args[0].encode()
        i = 0
        while True:
            s.send_multipart([b"top.%s.%d" % (tag, i), b"payload"])
            s.send_multipart([b"other.%s.%d" % (tag, i), b"payload"])
            i += 1
            time.sleep(0.005)
    else:
        fail("unknown role " + role)
except zmq.Again:
    fail("timed out waiting for a message")
