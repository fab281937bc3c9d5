#!/usr/bin/env node
// zerorpc pub/sub with zerorpc-node's own event codec (zerorpc/lib/events) on its zeromq binding. zerorpc-node
// 0.9.8 has no Publisher or Subscriber class, so this is what a Node service speaking zerorpc pub/sub sends and
// receives: events made and read by zerorpc-node, on PUB and SUB sockets.
//
// Usage: node events.js subscribe ENDPOINT
//        node events.js publish ENDPOINT METHOD ARGS_JSON
//
//   subscribe  connects a SUB socket (subscribed to everything) and prints the first event as one JSON line
//              {"name": ..., "args": ..., "header": ...} (bytes as hex); exit 0, or 3 when none came within 30 s.
//   publish    binds a PUB socket, prints "publishing", then publishes [header, METHOD, ARGS] every 100 ms (a
//              subscriber that connects late misses what was sent before) until killed or 60 s have passed.
"use strict";

const zmq = require("zeromq");
const events = require("zerorpc/lib/events");

const [mode, endpoint, method, argsJson] = process.argv.slice(2);
if (mode === "subscribe" && endpoint) {
    const socket = zmq.socket("sub");
    socket.subscribe("");
    socket.connect(endpoint);
    const timer = setTimeout(() => {
        process.stderr.write("no event within 30 s\n");
        process.exit(3);
    }, 30000);
    socket.on("message", function () {
        const event = events.deserialize(null, arguments[arguments.length - 1]);
        const line = JSON.stringify({ name: event.name, args: event.args, header: event.header },
            (key, value) => value && value.type === "Buffer" && Array.isArray(value.data) ? Buffer.from(value.data).toString("hex") : value);
        process.stdout.write(line + "\n", () => {
            clearTimeout(timer);
            socket.close();
            process.exit(0);
        });
    });
} else if (mode === "publish" && endpoint && method && argsJson) {
    const args = JSON.parse(argsJson);
    const socket = zmq.socket("pub");
    socket.bindSync(endpoint);
    process.stdout.write("publishing\n");
    const timer = setInterval(() => {
        const event = events.create(null, { message_id: events.fastUUID(), v: 3 }, method, args);
        socket.send(events.serialize(event));
    }, 100);
    setTimeout(() => {
        clearInterval(timer);
        socket.close();
        process.exit(0);
    }, 60000);
} else {
    process.stderr.write("usage: node events.js subscribe ENDPOINT | publish ENDPOINT METHOD ARGS_JSON\n");
    process.exit(2);
}
