// What tokens would cost at API list prices: the table in prices.json (one file, with the date it
// was compiled), overridden per model by config.json `usage.prices`. Subscription users pay a flat
// fee, so this is an API-equivalent value, never a bill; a model without a known price gets no
// dollar figure at all rather than a guess.
import table from './prices.json' with { type: 'json' };

import type { TokenCounts } from './types.js';

/** USD per million tokens. `cacheWrite` defaults to the input price. */
export interface ModelPrice {
  input: number;
  cachedInput?: number | undefined;
  output: number;
  cacheWrite?: number | undefined;
}

export interface PriceTable {
  /** When the built-in prices were compiled (YYYY-MM-DD). */
  updated: string;
  price(model: string): ModelPrice | null;
}

/** The built-in table's date. */
export const PRICES_UPDATED: string = table.updated;

/**
 * The table's key for a model id as the logs spell it: lower case, without a provider prefix
 * (`openai/`, `anthropic.`) or a release-date suffix (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
 */
export function normalizeModel(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^(openai|anthropic|openai-codex)[/.:]/, '')
    .replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '');
}

/** The built-in prices with `overrides` (config `usage.prices`, keyed by model id) on top. */
export function createPriceTable(overrides: Record<string, ModelPrice> = {}): PriceTable {
  const models = new Map<string, ModelPrice>(Object.entries(table.models));
  const aliases = new Map<string, string>(Object.entries(table.aliases));
  for (const [model, price] of Object.entries(overrides)) models.set(normalizeModel(model), price);
  return {
    updated: table.updated,
    price(model) {
      const key = normalizeModel(model);
      return models.get(key) ?? models.get(aliases.get(key) ?? '') ?? null;
    },
  };
}

/** The API-equivalent cost in USD of `counts` at `price`. */
export function costOf(counts: TokenCounts, price: ModelPrice): number {
  const uncached = Math.max(0, counts.input - counts.cached - counts.cacheWrite);
  return (
    (uncached * price.input +
      counts.cached * (price.cachedInput ?? price.input) +
      counts.cacheWrite * (price.cacheWrite ?? price.input) +
      counts.output * price.output) /
    1_000_000
  );
}
