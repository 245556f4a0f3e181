// The usage poller as a capability of the runtime: polls each provider whose login has usage
// windows, and publishes the provider views (status and usage) whenever they differ from the
// last ones sent, so a change of the profiles (`feed`) that moves a provider's status goes out too.
import { providerViews } from '../auth/status.js';
import { createLogger } from '../log/logger.js';
import { createUsagePoller, type UsagePoller } from '../usage/poller.js';

import type { ProfileFeed } from '../auth/profile-feed.js';
import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';

export type UsageDeps = Pick<RuntimeDeps, 'config' | 'endpoints' | 'publish'> & {
  /** Whose tokens read the usage windows. */
  auth: AuthEngine;
  /** The profiles clients see, whose statuses the provider views carry. */
  profiles: Pick<ProfileFeed, 'profiles' | 'onChanged'>;
};

export function startUsage({ auth, profiles, config, endpoints, publish }: UsageDeps): Running<UsagePoller> {
  const poller = createUsagePoller({
    auth,
    endpoints,
    refreshMs: config.current().usage.refreshMs,
    logger: createLogger('usage'),
  });
  // Headlines follow the agent's order, which a new config may change.
  const views = () => providerViews(profiles.profiles(), poller.providers(), config.current().auth.order);
  let published = JSON.stringify(views());
  const publishIfChanged = () => {
    const providers = views();
    const next = JSON.stringify(providers);
    if (next === published) return;
    published = next;
    publish('usage.changed', { providers });
  };
  const unsubscribe = [
    poller.onChanged(publishIfChanged),
    profiles.onChanged(publishIfChanged),
    config.onChange((next) => {
      poller.setRefreshMs(next.usage.refreshMs);
      publishIfChanged();
    }),
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
