// The auth engine as a capability of the runtime: reads and watches every credential source,
// publishes each real change as `auth.changed`, and follows config changes (warn threshold,
// auth order, the agent's model).
import { createAuthEngine } from '../auth/engine.js';

import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';

export type AuthDeps = Pick<RuntimeDeps, 'paths' | 'env' | 'config' | 'secrets' | 'publish'>;

/** Starts the engine (a first reading of every source) and wires it to the gateway's events. */
export async function startAuth({ paths, env, config, secrets, publish }: AuthDeps): Promise<Running<AuthEngine>> {
  const engine = createAuthEngine({ paths, config: config.current(), env, secrets });
  try {
    await engine.start();
  } catch (error) {
    await engine.stop();
    throw error;
  }
  engine.onChanged((profiles) => publish('auth.changed', { profiles }));
  const unsubscribe = config.onChange((next) => engine.applyConfig(next));
  // Clients that connected while the sources were being read get the first reading too.
  publish('auth.changed', { profiles: engine.profiles() });
  return {
    service: engine,
    stop: async () => {
      unsubscribe();
      await engine.stop();
    },
  };
}
