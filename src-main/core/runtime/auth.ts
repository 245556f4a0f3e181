// The auth engine as a capability of the runtime: reads and watches every credential source,
// follows config changes (warn threshold, auth order, the agent's model), and publishes each real
// change of the profile list clients see — the engine's plus other sources' (the chat channels'
// credentials, through the feed) — as `auth.changed`.
import { createAuthEngine } from '../auth/engine.js';
import { createProfileFeed, type ProfileFeed } from '../auth/profile-feed.js';

import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';

export type AuthDeps = Pick<RuntimeDeps, 'paths' | 'env' | 'config' | 'secrets' | 'publish'>;

/** The engine (for what uses credentials) and the feed (what clients see as profiles). */
export interface AuthCapability {
  engine: AuthEngine;
  feed: ProfileFeed;
}

/** Starts the engine (a first reading of every source) and wires it to the gateway's events. */
export async function startAuth({ paths, env, config, secrets, publish }: AuthDeps): Promise<Running<AuthCapability>> {
  const engine = createAuthEngine({ paths, config: config.current(), env, secrets });
  try {
    await engine.start();
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const feed = createProfileFeed(engine);
  feed.onChanged((profiles) => publish('auth.changed', { profiles }));
  const unsubscribe = config.onChange((next) => engine.applyConfig(next));
  // Clients that connected while the sources were being read get the first reading too.
  publish('auth.changed', { profiles: feed.profiles() });
  return {
    service: { engine, feed },
    stop: async () => {
      unsubscribe();
      await engine.stop();
    },
  };
}
