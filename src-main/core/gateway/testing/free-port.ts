// A loopback port for a test to hand to something that listens later (a callback server, a gateway).
import http from 'node:http';

import type { AddressInfo } from 'node:net';

/** A port nothing listens on right now: listen on 0, read the port the OS chose, close. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
