// The models clawbar knows: provider/model keys with their context window and input modalities.
// Keys outside the catalog still work (the provider decides); they show as unknown in lists.

/** The providers the agent can talk to, each with its own client (providers/). */
export const PROVIDERS = ['openai-codex', 'openai', 'anthropic'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export interface CatalogModel {
  /** `<provider>/<model>`, e.g. `openai-codex/gpt-6.1-sol`. */
  key: string;
  provider: ProviderId;
  /** The model id the provider's API expects. */
  name: string;
  input: Array<'text' | 'image'>;
  contextWindow: number;
  local: boolean;
}

const model = (provider: ProviderId, name: string, contextWindow: number, input: CatalogModel['input']) => ({
  key: `${provider}/${name}`,
  provider,
  name,
  input,
  contextWindow,
  local: false,
});

const TEXT_IMAGE: CatalogModel['input'] = ['text', 'image'];

/**
 * The built-in catalog. The Codex entries are the models Codex CLI 0.169 lists, in its order
 * (`codex debug models --bundled`; openai-codex.real-cli.test.ts compares them); the API ones
 * have larger windows.
 */
export const CATALOG: readonly CatalogModel[] = [
  model('openai-codex', 'gpt-6.1-sol', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-6-astra', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-6-sol', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-6-luna', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-5.6-sol', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-6.1-terra', 500_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-5.6-terra', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-5.6-luna', 272_000, TEXT_IMAGE),
  model('openai-codex', 'gpt-5.5', 272_000, TEXT_IMAGE),
  model('openai', 'gpt-5.4', 400_000, TEXT_IMAGE),
  model('openai', 'gpt-5.4-mini', 400_000, TEXT_IMAGE),
  model('openai', 'gpt-5.2', 400_000, TEXT_IMAGE),
  model('openai', 'gpt-4.1', 1_047_576, TEXT_IMAGE),
  model('openai', 'gpt-4.1-mini', 1_047_576, TEXT_IMAGE),
  model('anthropic', 'claude-opus-4-6', 200_000, TEXT_IMAGE),
  model('anthropic', 'claude-sonnet-4-6', 200_000, TEXT_IMAGE),
  model('anthropic', 'claude-haiku-4-5', 200_000, TEXT_IMAGE),
];

export function isProvider(value: string): value is ProviderId {
  return (PROVIDERS as readonly string[]).includes(value);
}

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
