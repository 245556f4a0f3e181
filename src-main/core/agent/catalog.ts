// The models clawbar knows: provider/model keys with their context window and input modalities,
// gathered from the provider descriptors (core/providers). Keys outside the catalog still work
// (the provider decides); they show as unknown in lists.
import { catalogEntries } from '../providers/registry.js';

export interface CatalogModel {
  /** `<provider>/<model>`. */
  key: string;
  provider: string;
  /** The model id the provider's API expects. */
  name: string;
  input: Array<'text' | 'image'>;
  contextWindow: number;
  local: boolean;
}

/** The built-in catalog, provider by provider in registry order. */
export const CATALOG: readonly CatalogModel[] = catalogEntries().map((entry) => ({
  key: `${entry.provider}/${entry.name}`,
  provider: entry.provider,
  name: entry.name,
  input: [...entry.input],
  contextWindow: entry.contextWindow,
  local: false,
}));

/** A parsed model key. `known` is false for a key the catalog does not list. */
export interface ModelRef {
  key: string;
  provider: string;
  name: string;
  known: boolean;
  entry: CatalogModel | null;
}

/**
 * Splits `provider/model` (the model part may itself contain slashes) and looks it up.
 * Returns null for a key without a provider part.
 */
export function parseModelKey(key: string): ModelRef | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  const entry = CATALOG.find((m) => m.key === key) ?? null;
  return { key, provider: key.slice(0, slash), name: key.slice(slash + 1), known: entry !== null, entry };
}

/** The providers the agent may answer with: its model's, then its fallbacks' (config `agent`). */
export function agentProviders(agent: { model: string; fallbacks: readonly string[] }): string[] {
  const providers = [agent.model, ...agent.fallbacks].map((key) => parseModelKey(key)?.provider);
  return [...new Set(providers.filter((provider): provider is string => provider !== undefined))];
}
