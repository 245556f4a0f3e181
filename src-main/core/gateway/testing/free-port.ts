// A loopback port for a test to hand to something that listens later (a callback server, a gateway),
// and a check that something (still) listens on one.
import http from 'node:http';
import net from 'node:net';

import type { AddressInfo } from 'node:net';

/** A port nothing listens on right now: listen on 0, read the port the OS chose, close. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when something accepts a connection on the loopback `port`. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
