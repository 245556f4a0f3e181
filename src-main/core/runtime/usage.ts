// The usage poller as a capability of the runtime: polls each provider whose login has usage
// windows, and publishes the provider views (status and usage) whenever they differ from the
// last ones sent, so an auth change that moves a provider's status goes out too.
import { providerViews } from '../auth/status.js';
import { createLogger } from '../log/logger.js';
import { createUsagePoller, type UsagePoller } from '../usage/poller.js';

import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';

export type UsageDeps = Pick<RuntimeDeps, 'config' | 'endpoints' | 'publish'> & { auth: AuthEngine };

export function startUsage({ auth, config, endpoints, publish }: UsageDeps): Running<UsagePoller> {
  const poller = createUsagePoller({
    auth,
    endpoints,
    refreshMs: config.current().usage.refreshMs,
    logger: createLogger('usage'),
  });
  let published = JSON.stringify(providerViews(auth.profiles(), poller.providers()));
  const publishIfChanged = () => {
    const providers = providerViews(auth.profiles(), poller.providers());
    const next = JSON.stringify(providers);
    if (next === published) return;
    published = next;
    publish('usage.changed', { providers });
  };
  const unsubscribe = [
    poller.onChanged(publishIfChanged),
    auth.onChanged(publishIfChanged),
    config.onChange((next) => poller.setRefreshMs(next.usage.refreshMs)),
  ];
  poller.start();
  return {
    service: poller,
    stop: () => {
      for (const off of unsubscribe) off();
      poller.stop();
    },
  };
}
