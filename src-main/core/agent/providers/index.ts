// One client per provider, made by its descriptor (core/providers) from the endpoints of
// DESIGN.md §2, the environment and the provider's own settings, on first use.
import { findProvider } from '../../providers/registry.js';

import type { ClientContext } from '../../providers/types.js';
import type { ProviderClient } from './types.js';

export interface ProviderClients {
  /** The client of `provider`, created on first use; null for a provider the agent cannot talk to. */
  get(provider: string): ProviderClient | null;
}

/** What every provider's client is made with; `settings` names the provider whose settings to read. */
export type ClientsContext = Omit<ClientContext, 'settings'> & {
  settings: (provider: string) => Readonly<Record<string, unknown>>;
};

/** The context one provider's client or catalog fetcher gets. */
export function clientContext(context: ClientsContext, provider: string): ClientContext {
  return { ...context, settings: () => context.settings(provider) };
}

/** The provider clients for a set of base URLs; each SDK loads on its first request. */
export function createProviderClients(context: ClientsContext): ProviderClients {
  const clients = new Map<string, ProviderClient>();
  return {
    get(provider) {
      let client = clients.get(provider);
      if (!client) {
        const create = findProvider(provider)?.client;
        if (!create) return null;
        clients.set(provider, (client = create(clientContext(context, provider))));
      }
      return client;
    },
  };
}
