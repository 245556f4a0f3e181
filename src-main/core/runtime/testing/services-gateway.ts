// A bare gateway (the transport alone) with the runtime's method table and snapshot over the
// services a test hands in: for transport tests that need methods to answer.
import { startGateway, type Gateway, type GatewayOptions } from '../../gateway/server.js';
import { createMethodHandlers } from '../methods/index.js';
import { buildSnapshot } from '../snapshot.js';

import type { GatewayServices } from '../services.js';

const TEST_AGENT_MODEL = 'openai-codex/gpt-6.1-sol';

/** Starts the transport with `services` behind its methods; every other option as given. */
export async function startServicesGateway(
  options: Omit<GatewayOptions, 'methods' | 'snapshot'> & { services?: GatewayServices; warnBeforeMs?: number },
): Promise<Gateway> {
  const { services = {}, warnBeforeMs = 86_400_000, ...rest } = options;
  const startedAt = Date.now();
  const snapshot = () =>
    buildSnapshot(
      services,
      {
        name: 'clawbar',
        version: options.version,
        pid: process.pid,
        port: gateway.port,
        startedAt: new Date(startedAt).toISOString(),
        agentModel: TEST_AGENT_MODEL,
      },
      warnBeforeMs,
    );
  const gateway: Gateway = await startGateway({
    ...rest,
    methods: createMethodHandlers({ services, version: options.version, startedAt, snapshot, now: Date.now }),
    snapshot,
  });
  return gateway;
}
