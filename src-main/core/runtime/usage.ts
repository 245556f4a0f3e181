// The usage poller as a capability of the runtime: polls each provider whose login has usage
// windows, records every reading in the usage history (when it runs), and publishes the provider
// views (status, usage, each window's pace) whenever they differ from the last ones sent — so a
// change of the profiles (`feed`) that moves a provider's status goes out too, and so does a pace
// that moved while the numbers stood still.
import { headlineRouting, providerViews } from '../auth/status.js';
import { createLogger } from '../log/logger.js';
import { createUsagePoller } from '../usage/poller.js';

import type { ProfileFeed } from '../auth/profile-feed.js';
import type { AuthEngine } from '../auth/types.js';
import type { PaceTracker } from '../usage/pace-tracker.js';
import type { UsageByProvider } from '../usage/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { UsageService } from './services.js';

export type UsageDeps = Pick<RuntimeDeps, 'config' | 'endpoints' | 'publish'> & {
  /** Whose tokens read the usage windows. */
  auth: AuthEngine;
  /** The profiles clients see, whose statuses the provider views carry. */
  profiles: Pick<ProfileFeed, 'profiles' | 'onChanged'>;
  /** The usage history's pace tracker while the history runs (read at each use), else null. */
  pace?: () => PaceTracker | null;
  now?: () => number;
};

export function startUsage(deps: UsageDeps): Running<UsageService> {
  const { auth, profiles, config, endpoints, publish } = deps;
  const now = deps.now ?? Date.now;
  const poller = createUsagePoller({
    auth,
    endpoints,
    refreshMs: config.current().usage.refreshMs,
    logger: createLogger('usage'),
  });
  /** The poller's readings with each window's pace, when the history runs. */
  const usage = (): UsageByProvider => {
    const tracker = deps.pace?.();
    const readings = poller.providers();
    if (!tracker) return readings;
    const at = now();
    const out: UsageByProvider = {};
    // Keyed by usage key: a provider id, or `<provider>@<account>` for each account (issue 17).
    for (const [key, reading] of Object.entries(readings)) {
      if (reading) out[key] = tracker.withPace(key, reading, at);
    }
    return out;
  };
  // Headlines follow the agent's order or headroom pick, which a new config may change.
  const views = () => {
    const current = config.current();
    return providerViews(profiles.profiles(), usage(), current.auth.order, headlineRouting(current, now()));
  };
  let published = JSON.stringify(views());
  const publishIfChanged = () => {
    const providers = views();
    const next = JSON.stringify(providers);
    if (next === published) return;
    published = next;
    publish('usage.changed', { providers });
  };
  const unsubscribe = [
    // Every reading is a sample, flat ones too: they are what tells a steady window from a burning one.
    poller.onFetched((key, reading) => {
      deps.pace?.()?.record(key, reading);
      publishIfChanged();
    }),
    poller.onChanged(publishIfChanged),
    profiles.onChanged(publishIfChanged),
    config.onChange((next) => {
      poller.setRefreshMs(next.usage.refreshMs);
      publishIfChanged();
    }),
  ];
  poller.start();
  return {
    service: {
      usage,
      refresh: (provider) => poller.refresh(provider),
      onChecked: (listener) => poller.onChecked(listener),
    },
    stop: () => {
      for (const off of unsubscribe) off();
      poller.stop();
    },
  };
}
