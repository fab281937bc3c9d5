#!/usr/bin/env node
// A real zerorpc-node 0.9.8 server exposing the same methods as the Zask showcase service.
//
// Usage: node server.js ENDPOINT [--heartbeat MS] [--exit-on-stdin-eof]
//
//   ENDPOINT              e.g. tcp://127.0.0.1:4242 (tcp://127.0.0.1:* picks a free port; the bound
//                         endpoint is then printed on a second line "ENDPOINT tcp://127.0.0.1:NNNNN")
//   --heartbeat MS        zerorpc-node heartbeat interval in milliseconds (default 5000)
//   --exit-on-stdin-eof   exit when stdin reaches EOF (so the server dies with a parent that holds
//                         its stdin pipe open)
//
// Prints "READY" on stdout once bound. Exits 0 on SIGTERM/SIGINT. Diagnostics go to stderr.
"use strict";

const zerorpc = require("zerorpc");

function usage(msg) {
    if (msg) process.stderr.write("server.js: " + msg + "\n");
    process.stderr.write("usage: node server.js ENDPOINT [--heartbeat MS] [--exit-on-stdin-eof]\n");
    process.exit(2);
}

let endpoint = null;
let heartbeat = 5000;
let exitOnStdinEof = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--heartbeat") {
        if (i + 1 >= argv.length) usage("--heartbeat needs a value");
        heartbeat = Number(argv[++i]);
        if (!Number.isFinite(heartbeat) || heartbeat <= 0) usage("bad --heartbeat value");
    } else if (a === "--exit-on-stdin-eof") {
        exitOnStdinEof = true;
    } else if (a === "-h" || a === "--help") {
        usage();
    } else if (a.startsWith("--")) {
        usage("unknown option " + a);
    } else if (endpoint === null) {
        endpoint = a;
    } else {
        usage("unexpected argument " + a);
    }
}
if (endpoint === null) usage("missing ENDPOINT");

function log(msg) {
    process.stderr.write("[node-peer server] " + msg + "\n");
}

// zerorpc-node appends the reply callback to whatever arguments the caller sent, so the callback is
// not necessarily in the declared position (fewer or more args than declared). Take it from the end
// and wrap it: replying on a channel that zerorpc-node already destroyed (e.g. after a lost
// heartbeat) throws "Cannot send on closed channel" and would otherwise crash the process.
function split(args) {
    const all = Array.prototype.slice.call(args);
    const cb = all.pop();
    const reply = function () {
        try {
            cb.apply(null, arguments);
        } catch (e) {
            log("reply dropped: " + (e && e.message));
        }
    };
    return { args: all, reply: reply };
}

// Methods must be written as `function (...)` expressions: zerorpc-node parses fn.toString() with a
// regex that requires the `function` keyword (for _zerorpc_inspect); method shorthand or arrow
// functions make the Server constructor throw. The declared names (minus the trailing callback) are
// what _zerorpc_inspect reports.
const service = {
    hello: function (name, reply) {
        const c = split(arguments);
        c.reply(null, "Hello, " + c.args[0] + "!");
    },

    add: function (a, b, reply) {
        const c = split(arguments);
        c.reply(null, c.args[0] + c.args[1]);
    },

    echo: function (value, reply) {
        const c = split(arguments);
        c.reply(null, c.args[0]);
    },

    // Stream 0..n-1: one STREAM event per item, then STREAM_DONE. With n <= 0 zerorpc-node sends
    // OK [nil] instead (no item was streamed before the final reply()).
    range: function (n, reply) {
        const c = split(arguments);
        const count = Number(c.args[0]) || 0;
        for (let i = 0; i < count; i++) c.reply(null, i, true);
        c.reply();
    },

    // ERR ["Error", message, stack].
    fail: function (message, reply) {
        const c = split(arguments);
        const err = new Error(c.args[0] === undefined || c.args[0] === null ? "" : String(c.args[0]));
        err.name = "Error";
        c.reply(err);
    },

    sleep: function (seconds, reply) {
        const c = split(arguments);
        const s = Number(c.args[0]) || 0;
        setTimeout(function () { c.reply(null, c.args[0]); }, Math.max(0, s * 1000));
    },
};

// Second constructor argument is the heartbeat interval in ms (a number, not an options object).
const server = new zerorpc.Server(service, heartbeat);

// Without an "error" listener, an EventEmitter "error" (e.g. a lost client heartbeat, a malformed
// event) throws and kills the process. Log instead.
server.on("error", function (err) {
    log("error: " + (err && err.stack ? err.stack : String(err)));
});
process.on("uncaughtException", function (err) {
    log("uncaught exception: " + (err && err.stack ? err.stack : String(err)));
});

try {
    server.bind(endpoint);
} catch (e) {
    log("bind " + endpoint + " failed: " + (e && e.message));
    process.exit(1);
}

let closing = false;
function shutdown(signal) {
    if (closing) return;
    closing = true;
    log("received " + signal + ", closing");
    try {
        server.close();
    } catch (e) {
        log("close failed: " + (e && e.message));
    }
    process.exit(0);
}
process.on("SIGTERM", function () { shutdown("SIGTERM"); });
process.on("SIGINT", function () { shutdown("SIGINT"); });

if (exitOnStdinEof) {
    process.stdin.on("end", function () { shutdown("stdin EOF"); });
    process.stdin.on("error", function () { shutdown("stdin error"); });
    process.stdin.resume();
}

let lines = "READY\n";
if (endpoint.indexOf("*") >= 0) {
    try {
        lines += "ENDPOINT " + server._socket._zmqSocket.getsockopt("last_endpoint").toString().replace(/\0+$/, "") + "\n";
    } catch (e) {
        log("cannot read last_endpoint: " + (e && e.message));
    }
}
process.stdout.write(lines);
log("listening on " + endpoint + " (heartbeat " + heartbeat + " ms, zerorpc " + require("zerorpc/package.json").version + ")");
