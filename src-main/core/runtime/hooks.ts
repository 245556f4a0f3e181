// Hooks as a capability of the runtime: it listens in on every event published (the notifier's
// `notify` among them, so it starts after the notifier) and runs the hooks config.json names.
import { createHookEventSource } from '../notify/hook-events.js';
import { createHookRunner, type HookRunner } from '../notify/hooks.js';

import type { Gateway } from '../gateway/server.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { GatewayServices } from './services.js';

export interface HooksDeps extends Pick<RuntimeDeps, 'config' | 'env'> {
  gateway: Pick<Gateway, 'onBroadcast' | 'broadcast'>;
  services: GatewayServices;
}

export function startHooks({ config, env, gateway, services }: HooksDeps): Running<HookRunner> {
  const runner = createHookRunner({
    hooks: () => config.current().hooks,
    env,
    // The dashboard's hook panel follows as they happen (the snapshot carries them for a new client).
    onFailure: (failures) => gateway.broadcast('hooks.failed', { failures }),
  });
  const source = createHookEventSource();
  // The profiles as they are now, so the first change is seen as one.
  source.observe('auth.changed', { profiles: services.auth?.profiles() ?? [] });
  const unsubscribe = gateway.onBroadcast((event, payload) => {
    for (const fire of source.observe(event, payload)) void runner.fire(fire.event, fire.fields);
  });
  return {
    service: runner,
    stop: async () => {
      unsubscribe();
      await runner.stop();
    },
  };
}
