// The notifier as a capability of the runtime: it listens in on the events the other
// capabilities publish (and the clock's threshold crossings) and publishes `notify`.
import { agentProviders } from '../agent/catalog.js';
import { headlineRouting, providerViews } from '../auth/status.js';
import { createNotifier, type Notifier } from '../notify/notifier.js';

import type { Gateway } from '../gateway/server.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { GatewayServices } from './services.js';

export interface NotifyDeps extends Pick<RuntimeDeps, 'paths' | 'config'> {
  /** It listens in on every event published, and publishes `notify`. */
  gateway: Pick<Gateway, 'broadcast' | 'onBroadcast'>;
  /** Read when the notifier evaluates: whichever capabilities run by then. */
  services: GatewayServices;
}

export async function startNotifier({ paths, config, gateway, services }: NotifyDeps): Promise<Running<Notifier>> {
  const notifier = createNotifier({
    storePath: paths.notified,
    config: config.current().notifications,
    agentModel: () => config.current().agent.model,
    current: () => {
      const profiles = services.auth?.profiles() ?? [];
      // Shaped as `usage.changed` carries them: each provider's default usage and its accounts' (issue 17).
      const usage = services.usage?.usage() ?? {};
      const current = config.current();
      return { profiles, providers: providerViews(profiles, usage, current.auth.order, headlineRouting(current)) };
    },
    agentProviders: () => agentProviders(config.current().agent),
  });
  const unsubscribe = [
    gateway.onBroadcast((event, payload) => notifier.observe(event, payload)),
    notifier.onNotify((event) => gateway.broadcast('notify', event)),
    config.onChange((next) => notifier.setConfig(next.notifications)),
  ];
  const stop = () => {
    for (const off of unsubscribe) off();
    return notifier.stop();
  };
  try {
    await notifier.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { service: notifier, stop };
}
