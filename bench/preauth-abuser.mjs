#!/usr/bin/env node
// Used by gateway.bench.mjs: unauthenticated clients abusing the gateway socket, in a process of
// their own so the measuring client is not slowed by them. Each one connects and, without ever
// sending `connect`, sends 1 MiB deeply nested frames back to back (what an older gateway parsed
// for 10 s per socket), reconnecting whenever the gateway closes it, until stdin closes. Prints the
// number of abusive connections made and frames sent.
import WebSocket from 'ws';

const [url, count = '4'] = process.argv.slice(2);
const depth = 512 * 1024;
const frame = `${'['.repeat(depth)}${']'.repeat(depth)}`;
let connections = 0;
let frames = 0;
let stopping = false;

function abuse() {
  if (stopping) return;
  connections++;
  const ws = new WebSocket(url);
  const sendMore = () => {
    if (stopping || ws.readyState !== WebSocket.OPEN) return;
    frames++;
    ws.send(frame, (error) => (error ? undefined : sendMore()));
  };
  ws.on('open', sendMore);
  ws.on('error', () => undefined);
  ws.on('close', () => setImmediate(abuse));
}

for (let i = 0; i < Number(count); i++) abuse();
process.stdin.on('end', () => {
  stopping = true;
  process.stdout.write(`${JSON.stringify({ connections, frames })}\n`);
  process.exit(0);
});
process.stdin.resume();
