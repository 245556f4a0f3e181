// The health probe as a capability of the runtime (issue 18): checks each OAuth login's token with
// its server at most every `auth.probe`, counts every usage poll as such a check, follows config
// changes of the period, and lays what it found (`verifiedAt`, `probe`) over the profiles clients see.
import { createLogger } from '../log/logger.js';
import { createHealthProbe, probeTargets } from '../usage/probe.js';

import type { ProfileFeed } from '../auth/profile-feed.js';
import type { AuthEngine } from '../auth/types.js';
import type { UsageTimers } from '../usage/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { ProbeService, UsageService } from './services.js';

export type ProbeDeps = Pick<RuntimeDeps, 'config' | 'endpoints'> & {
  /** Whose tokens are checked, and where a rejection is marked. */
  auth: AuthEngine;
  /** The profiles clients see: the findings go there. */
  feed: Pick<ProfileFeed, 'setChecks'>;
  /** The usage poller, whose every fetch is a check of the token it sent. */
  usage: Pick<UsageService, 'onChecked'>;
  timers?: UsageTimers;
};

export function startProbe(deps: ProbeDeps): Running<ProbeService> {
  const { auth, feed, config } = deps;
  const probe = createHealthProbe({
    auth,
    endpoints: deps.endpoints,
    periodMs: config.current().auth.probeMs,
    logger: createLogger('auth-probe'),
    ...(deps.timers ? { timers: deps.timers } : {}),
  });
  const unsubscribe = [
    probe.onChanged(() => feed.setChecks(probe.views())),
    deps.usage.onChecked?.((check) => probe.record(check)) ?? (() => undefined),
    config.onChange((next) => probe.setPeriodMs(next.auth.probeMs)),
  ];
  probe.start();
  return {
    service: {
      probe: async (profileId) => {
        await probe.probe(profileId);
      },
      canProbe: (profileId) => probeTargets(auth.profiles()).has(profileId),
    },
    stop: () => {
      for (const off of unsubscribe) off();
      probe.stop();
    },
  };
}
