#!/usr/bin/env node
// A real zerorpc-node 0.9.8 client as a one-shot CLI.
//
// Usage: node client.js ENDPOINT METHOD [JSON_ARG...] [--timeout S] [--heartbeat MS] [--stream] [--trace]
//
//   JSON_ARG       each argument is parsed as JSON (so strings need quotes: '"World"').
//                  {"$bin": "<hex>"} anywhere in an argument is sent as msgpack bin (a Buffer).
//   --timeout S    seconds to wait for the first reply event (default 30, fractions allowed)
//   --heartbeat MS zerorpc-node heartbeat interval in milliseconds (default 5000)
//   --stream       the call is expected to stream: an OK reply of nil is printed as an empty
//                  stream {"stream": []} (zerorpc-node and zerorpc-python both answer a stream
//                  with no items with OK [nil]); any other OK reply is still printed as {"ok": ...}
//   --trace        log every event received from the server on stderr
//   --             end of options: everything after it is a JSON_ARG
//
// Prints exactly one JSON line on stdout:
//   {"ok": RESULT}                                                   exit 0
//   {"stream": [ITEM, ...]}                                          exit 0
//   {"error": {"name": N, "message": M, "traceback": T}}             exit 0  (ERR from the server)
//   {"error": {"name": "TimeoutExpired"|"HeartbeatError"|"ProtocolError"|"ClientError", ...,
//              "local": true}}                                       exit 3  (raised on this side)
// Usage errors: message on stderr, exit 2.
// Buffers (msgpack bin) in results are printed as {"$bin": "<hex>"}.
"use strict";

function usage(msg) {
    if (msg) process.stderr.write("client.js: " + msg + "\n");
    process.stderr.write(
        "usage: node client.js ENDPOINT METHOD [JSON_ARG...] [--timeout S] [--heartbeat MS] [--stream] [--trace]\n");
    process.exit(2);
}

const positional = [];
let timeout = 30;
let heartbeat = 5000;
let expectStream = false;
let trace = false;
const argv = process.argv.slice(2);
let optionsDone = false;
for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!optionsDone && a === "--") {
        optionsDone = true;
    } else if (!optionsDone && a === "--timeout") {
        if (i + 1 >= argv.length) usage("--timeout needs a value");
        timeout = Number(argv[++i]);
        if (!Number.isFinite(timeout) || timeout <= 0) usage("bad --timeout value");
    } else if (!optionsDone && a === "--heartbeat") {
        if (i + 1 >= argv.length) usage("--heartbeat needs a value");
        heartbeat = Number(argv[++i]);
        if (!Number.isFinite(heartbeat) || heartbeat <= 0) usage("bad --heartbeat value");
    } else if (!optionsDone && a === "--stream") {
        expectStream = true;
    } else if (!optionsDone && a === "--trace") {
        trace = true;
    } else if (!optionsDone && (a === "-h" || a === "--help")) {
        usage();
    } else if (!optionsDone && /^--[a-zA-Z]/.test(a)) {
        usage("unknown option " + a);
    } else {
        positional.push(a);
    }
}
if (positional.length < 2) usage("missing ENDPOINT or METHOD");
const endpoint = positional[0];
const method = positional[1];

// JSON -> call arguments: {"$bin": hex} becomes a Buffer.
function fromJson(v) {
    if (Array.isArray(v)) return v.map(fromJson);
    if (v !== null && typeof v === "object") {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === "$bin" && typeof v.$bin === "string") {
            if (!/^([0-9a-fA-F]{2})*$/.test(v.$bin)) usage("bad hex in $bin: " + v.$bin);
            return Buffer.from(v.$bin, "hex");
        }
        const out = {};
        for (const k of keys) out[k] = fromJson(v[k]);
        return out;
    }
    return v;
}

// Result -> JSON-safe value: Buffers become {"$bin": hex}, undefined becomes null.
function toJson(v) {
    if (v === undefined) return null;
    if (Buffer.isBuffer(v)) return { $bin: v.toString("hex") };
    if (v instanceof Uint8Array) return { $bin: Buffer.from(v).toString("hex") };
    if (Array.isArray(v)) return v.map(toJson);
    if (v instanceof Map) {
        const out = {};
        for (const [k, val] of v) out[String(k)] = toJson(val);
        return out;
    }
    if (v !== null && typeof v === "object") {
        const out = {};
        for (const k of Object.keys(v)) out[k] = toJson(v[k]);
        return out;
    }
    return v;
}

const callArgs = [];
for (const raw of positional.slice(2)) {
    let parsed;
    try {
        parsed = JSON.parse(raw);
    } catch (e) {
        usage("argument is not valid JSON: " + raw);
    }
    callArgs.push(fromJson(parsed));
}

const zerorpc = require("zerorpc");
const client = new zerorpc.Client({ timeout: timeout, heartbeatInterval: heartbeat });

let finished = false;
function finish(obj, code) {
    if (finished) return;
    finished = true;
    const line = JSON.stringify(obj) + "\n";
    try {
        client.close(0);
    } catch (e) {
        // already closed
    }
    process.stdout.write(line, function () { process.exit(code); });
}

// Observe raw events as they arrive (private field of the pinned zerorpc-node 0.9.8). The library
// routes an event to its channel first and runs the channel's handlers on a later tick, so this
// listener always sees an ERR before the invoke callback does. That tells a remote ERR apart from the
// errors the library makes up locally (timeout, lost heartbeat, protocol error), and gives the exact
// ERR args (zerorpc-node replaces a nil traceback with a local stack).
let remoteErr = null;
client._socket.on("socket/receive", function (event) {
    if (trace) {
        let args;
        try { args = JSON.stringify(toJson(event.args)); } catch (e) { args = String(event.args); }
        process.stderr.write("[node-peer client] recv " + event.name + " " + args +
            " header=" + JSON.stringify(toJson(event.header)) + "\n");
    }
    if (event.name === "ERR") remoteErr = event;
});

// Client "error" events (e.g. an ERR whose args are not exactly 3 elements: the library then never
// calls the invoke callback) would throw without a listener. Report them and stop.
client.on("error", function (err) {
    finish({ error: { name: "ClientError", message: String(err && err.message ? err.message : err),
                      traceback: null, local: true } }, 3);
});

const streamItems = [];
let streaming = false;

client.connect(endpoint);
client.invoke.apply(client, [method].concat(callArgs, [function (err, result, more) {
    if (err) {
        if (remoteErr !== null && Array.isArray(remoteErr.args) && remoteErr.args.length === 3) {
            const a = remoteErr.args;
            finish({ error: { name: toJson(a[0]), message: toJson(a[1]), traceback: toJson(a[2]) } }, 0);
        } else {
            finish({ error: { name: err.name, message: err.message, traceback: err.stack || null, local: true } }, 3);
        }
        return;
    }
    if (more) {
        streaming = true;
        streamItems.push(toJson(result));
        return;
    }
    if (streaming) {
        // STREAM_DONE: the library calls back with (undefined, undefined, false).
        finish({ stream: streamItems }, 0);
    } else if (expectStream && (result === null || result === undefined)) {
        finish({ stream: [] }, 0);
    } else {
        finish({ ok: toJson(result) }, 0);
    }
}]));
