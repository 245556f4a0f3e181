// The `models.list` view (DESIGN.md §7): configured models (or the whole catalog) with the state
// of their provider's auth (its headline status). Pure: config and profiles in, ModelView[] out.
import { isUsableStatus } from '../auth/order.js';
import { headlineOf } from '../auth/status.js';

import { CATALOG, parseModelKey } from './catalog.js';

import type { ModelView, ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthOrder } from '../auth/order.js';
import type { Config } from '../config/schema.js';

export interface ListModelsInput {
  agent: Pick<Config['agent'], 'model' | 'fallbacks'>;
  profiles: readonly ProfileView[];
  /** Config `auth.order`: whose status "Auth" shows, as the provider headline does. */
  order?: AuthOrder;
  /** The whole catalog, not only the configured models. */
  all?: boolean;
}

/**
 * Configured models first (default, then fallbacks in order), then — with `all` — the rest of
 * the catalog. Tags: `default`, `fallback#N` (1-based), `configured`, `missing` (no usable auth).
 */
export function listModels({ agent, profiles, order = {}, all = false }: ListModelsInput): ModelView[] {
  const configured = [agent.model, ...agent.fallbacks];
  const keys = [...new Set(all ? [...configured, ...CATALOG.map((m) => m.key)] : configured)];
  return keys.map((key) => {
    const ref = parseModelKey(key);
    const provider = ref?.provider ?? key;
    // The provider's headline: the profile the agent would use now, the worst one when none is usable.
    const auth = headlineOf(provider, profiles, order).status;
    const tags: string[] = [];
    if (key === agent.model) tags.push('default');
    agent.fallbacks.forEach((fallback, index) => {
      if (fallback === key) tags.push(`fallback#${index + 1}`);
    });
    if (configured.includes(key)) tags.push('configured');
    if (!isUsableStatus(auth)) tags.push('missing');
    return {
      key,
      provider,
      name: ref?.name ?? key,
      input: ref?.entry?.input ?? ['text'],
      contextWindow: ref?.entry?.contextWindow ?? 0,
      local: ref?.entry?.local ?? false,
      auth,
      tags,
    };
  });
}

/** `272k`, `1M`, `-` for unknown. */
export function formatContextWindow(tokens: number): string {
  if (tokens <= 0) return '-';
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  return `${Math.round(tokens / 1000)}k`;
}

/** The `clawbar models list` table: `Model Input Ctx Local Auth Tags`, columns padded to fit. */
export function formatModelsTable(models: readonly ModelView[]): string {
  const rows = [
    ['Model', 'Input', 'Ctx', 'Local', 'Auth', 'Tags'],
    ...models.map((m) => [
      m.key,
      m.input.join('+'),
      formatContextWindow(m.contextWindow),
      m.local ? 'yes' : 'no',
      m.auth,
      m.tags.join(',') || '-',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
