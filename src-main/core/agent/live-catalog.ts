// The model catalog as the providers publish it (issue 15): each provider with a `catalog` is
// asked for its current list with a credential clawbar already holds, the answer is cached in
// `$CLAWBAR_HOME/state/catalog.json` with its date, and offline the cached list — else the built-in
// one — stands. Every list says which it is: `live`, `cached` or `built-in`.
import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { profileOrder } from '../auth/order.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { catalogEntries, catalogProviders } from '../providers/registry.js';

import { clientContext, type ClientsContext } from './providers/index.js';

import type { AuthEngine } from '../auth/types.js';
import type { Config } from '../config/schema.js';
import type { ModelEntry } from '../providers/types.js';

export type CatalogSource = 'live' | 'cached' | 'built-in';

/** The reason a provider's list was not fetched when no login of it is usable (no request was made). */
export const NO_USABLE_LOGIN = 'no usable login';

/** One provider's model list and where it came from. */
export interface ProviderCatalog {
  provider: string;
  source: CatalogSource;
  /** When the list was fetched (ISO); null for the built-in list. */
  fetchedAt: string | null;
  models: ModelEntry[];
  /** Why a live fetch failed, one line (the list is then the cached or built-in one). */
  error?: string;
}

// The cache is clawbar's own file, but a file all the same: read it as if anyone wrote it.
const entrySchema = z.strictObject({
  name: z.string().regex(/^[\w.:/@+-]{1,200}$/),
  contextWindow: z.number().int().min(0).max(1e9),
  input: z.array(z.enum(['text', 'image'])).max(2),
});
const cacheSchema = z.strictObject({
  version: z.literal(1),
  providers: z.record(
    z.string().regex(/^[a-z][\w-]{0,40}$/),
    z.strictObject({ fetchedAt: z.iso.datetime(), models: z.array(entrySchema).max(500) }),
  ),
});
type CacheFile = z.infer<typeof cacheSchema>;
// A list of 500 entries is about 40 KiB per provider.
const MAX_CACHE_BYTES = 1024 * 1024;

/**
 * The cached lists; an absent, unreadable or malformed cache is no cache (the built-in lists stand),
 * and `onProblem` hears why in one line (a missing file is no problem).
 */
export async function readCatalogCache(
  file: string,
  onProblem?: (reason: string) => void,
): Promise<CacheFile['providers']> {
  let text: string | null;
  try {
    text = await readOwnFile(file, { maxBytes: MAX_CACHE_BYTES });
  } catch (error) {
    onProblem?.(errorMessage(error).split('\n')[0]!);
    return {};
  }
  if (text === null) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    onProblem?.(`${file} is not valid JSON`);
    return {};
  }
  const parsed = cacheSchema.safeParse(json);
  if (parsed.success) return parsed.data.providers;
  onProblem?.(
    `${file} is not a model catalog clawbar wrote (${parsed.error.issues[0]?.path.join('.') || 'top level'})`,
  );
  return {};
}

function builtIn(provider: string): ModelEntry[] {
  return catalogEntries()
    .filter((entry) => entry.provider === provider)
    .map(({ name, contextWindow, input }) => ({ name, contextWindow, input: [...input] }));
}

/** Each provider's list without asking anyone: the cached one, else the built-in one (see {@link readCatalogCache}). */
export async function storedCatalogs(file: string, onProblem?: (reason: string) => void): Promise<ProviderCatalog[]> {
  const cache = await readCatalogCache(file, onProblem);
  return catalogProviders().map(({ id }) => {
    const cached = cache[id];
    return cached
      ? { provider: id, source: 'cached', fetchedAt: cached.fetchedAt, models: cached.models }
      : { provider: id, source: 'built-in', fetchedAt: null, models: builtIn(id) };
  });
}

export interface RefreshOptions {
  /** `$CLAWBAR_HOME/state/catalog.json`. */
  file: string;
  auth: Pick<AuthEngine, 'profiles' | 'credential'>;
  config: Pick<Config, 'auth'>;
  clients: ClientsContext;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Fetches every provider's list with its usable profiles in auth order (the first that answers
 * wins), caches what was fetched, and returns each provider's list: `live` when fetched now,
 * else the cached or built-in one with the reason.
 */
export async function refreshCatalogs(options: RefreshOptions): Promise<ProviderCatalog[]> {
  const now = options.now ?? Date.now;
  const cache = await readCatalogCache(options.file);
  const profiles = options.auth.profiles(now());
  const results = await Promise.all(
    catalogProviders().map(async (provider): Promise<ProviderCatalog> => {
      let error = NO_USABLE_LOGIN;
      for (const profileId of profileOrder(provider.id, options.config.auth.order, profiles)) {
        const view = profiles.find((p) => p.id === profileId);
        if (!view || view.status === 'expired' || view.status === 'missing') continue;
        const credential = options.auth.credential(profileId);
        if (!credential) continue;
        try {
          const models = await provider.catalog.fetch(credential, {
            ...clientContext(options.clients, provider.id),
            signal: options.signal,
          });
          if (models.length === 0) throw new Error('the provider listed no models');
          return { provider: provider.id, source: 'live', fetchedAt: new Date(now()).toISOString(), models };
        } catch (e) {
          error = `${profileId}: ${errorMessage(e).split('\n')[0]!.slice(0, 200)}`;
        }
      }
      const cached = cache[provider.id];
      return cached
        ? { provider: provider.id, source: 'cached', fetchedAt: cached.fetchedAt, models: cached.models, error }
        : { provider: provider.id, source: 'built-in', fetchedAt: null, models: builtIn(provider.id), error };
    }),
  );
  const live = results.filter((r) => r.source === 'live');
  if (live.length > 0) {
    const providers = { ...cache };
    for (const r of live) {
      providers[r.provider] = { fetchedAt: r.fetchedAt!, models: r.models.map((m) => ({ ...m, input: [...m.input] })) };
    }
    await writeJsonAtomic(options.file, { version: 1, providers } satisfies CacheFile);
  }
  return results;
}

/**
 * The current model nearest to one the provider no longer lists: the one sharing the longest
 * prefix (same family: `gpt-5.2` → `gpt-5.5`), ties to the provider's order (its newest first).
 */
export function nearestModel(name: string, models: readonly ModelEntry[]): string | null {
  let best: string | null = null;
  let bestLength = 0;
  for (const model of models) {
    let length = 0;
    while (length < name.length && length < model.name.length && name[length] === model.name[length]) length++;
    if (length > bestLength) {
      best = model.name;
      bestLength = length;
    }
  }
  return best;
}
