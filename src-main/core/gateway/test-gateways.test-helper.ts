// Gateways and raw clients for transport tests, closed after each test.
import { afterEach } from 'vitest';

import { openAuthedClient, openRawClient, type RawClient } from '../../../test/fixtures/raw-client.js';
import { startServicesGateway } from '../../../test/fixtures/services-gateway.js';
import { getLogSinks, setLogSinks, type LogRecord } from '../log/logger.js';

import { type Gateway, type GatewayOptions } from './server.js';

import type { GatewayServices } from '../runtime/services.js';

/** A token as clawbar makes them (43 characters, 32 random bytes). */
export const TEST_TOKEN = 'test-gateway-token-0123456789abcdefghijklmnop';

export interface TestGateways {
  /** The transport with the runtime's methods over `services` (none unless given). */
  start(overrides?: Partial<GatewayOptions> & { services?: GatewayServices }): Promise<Gateway>;
  client(gateway: Gateway, options?: { origin?: string; url?: string }): Promise<RawClient>;
  authed(gateway: Gateway): Promise<RawClient>;
  /** Log lines from now until the test ends. */
  captureLogs(): string[];
}

/** Registers the afterEach clean-up; call once at the top of a test file. */
export function useTestGateways(): TestGateways {
  const gateways: Gateway[] = [];
  const clients: RawClient[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(gateways.splice(0).map((g) => g.close()));
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return {
    async start(overrides = {}) {
      const gateway = await startServicesGateway({
        port: 0,
        token: TEST_TOKEN,
        version: '9.9.9',
        dashboardDir: null,
        ...overrides,
      });
      gateways.push(gateway);
      return gateway;
    },
    async client(gateway, options = {}) {
      const c = await openRawClient(options.url ?? gateway.wsUrl, options.origin ? { origin: options.origin } : {});
      clients.push(c);
      return c;
    },
    async authed(gateway) {
      const { client } = await openAuthedClient(gateway.wsUrl, TEST_TOKEN);
      clients.push(client);
      return client;
    },
    captureLogs() {
      const lines: string[] = [];
      const previous = getLogSinks();
      setLogSinks([(_record: LogRecord, line: string) => lines.push(line)]);
      cleanups.push(() => setLogSinks(previous));
      return lines;
    },
  };
}
