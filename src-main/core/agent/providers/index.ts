// One client per provider, made by its descriptor (core/providers) from the endpoints of
// DESIGN.md §2, on first use.
import { findProvider } from '../../providers/registry.js';

import type { Endpoints } from '../../config/paths.js';
import type { ProviderClient } from './types.js';

export interface ProviderClients {
  /** The client of `provider`, created on first use; null for a provider the agent cannot talk to. */
  get(provider: string): ProviderClient | null;
}

/** The provider clients for a set of base URLs; each SDK loads on its first request. */
export function createProviderClients(endpoints: Endpoints, timeoutMs: number): ProviderClients {
  const clients = new Map<string, ProviderClient>();
  return {
    get(provider) {
      let client = clients.get(provider);
      if (!client) {
        const create = findProvider(provider)?.client;
        if (!create) return null;
        clients.set(provider, (client = create(endpoints, timeoutMs)));
      }
      return client;
    },
  };
}
