#!/usr/bin/env node
// Used by gateway.bench.mjs: unauthenticated clients abusing the gateway socket, in a process of
// their own so the measuring client is not slowed by them. Each one connects and sends a 1 MiB
// deeply nested frame before `connect`, reconnecting whenever the gateway closes it, until
// stdin closes. Prints the number of abusive connections made.
import WebSocket from 'ws';

const [url, count = '4'] = process.argv.slice(2);
const depth = 512 * 1024;
const frame = `{"type":"req","id":"x","method":"connect","params":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
let connections = 0;
let stopping = false;

function abuse() {
  if (stopping) return;
  connections++;
  const ws = new WebSocket(url);
  ws.on('open', () => ws.send(frame, () => undefined));
  ws.on('error', () => undefined);
  ws.on('close', () => setImmediate(abuse));
}

for (let i = 0; i < Number(count); i++) abuse();
process.stdin.on('end', () => {
  stopping = true;
  process.stdout.write(`${connections}\n`);
  process.exit(0);
});
process.stdin.resume();
