// The live model catalog inside the gateway (issue 15): `models.list` answers from the same lists
// as `clawbar models list` — the cache in `state/catalog.json`, else the built-in ones — and the
// gateway fetches the providers' lists again in the background at most once a day. A failed fetch
// keeps the cached lists and says so in one log line; a broken cache file means the built-in lists,
// with one line saying why (once, not at every call).
import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger } from '../log/logger.js';
import { setLongTimeout, type Timer } from '../util/timers.js';

import {
  NO_USABLE_LOGIN,
  readCatalogCache,
  refreshCatalogs,
  storedCatalogs,
  type ProviderCatalog,
} from './live-catalog.js';

import type { AuthEngine } from '../auth/types.js';
import type { Endpoints, Env } from '../config/paths.js';
import type { Config } from '../config/schema.js';

const log = createLogger('catalog');

/** How often the gateway asks the providers for their lists. */
export const CATALOG_REFRESH_MS = 24 * 3600_000;
// One provider's list must not hold a refresh open for ever (the SDK and getJson time out sooner).
const REFRESH_DEADLINE_MS = 60_000;

export interface CatalogKeeperOptions {
  /** `$CLAWBAR_HOME/state/catalog.json`. */
  file: string;
  auth: Pick<AuthEngine, 'profiles' | 'credential'>;
  config: { current(): Pick<Config, 'auth' | 'providers'> };
  endpoints: Endpoints;
  env: Env;
  /** Default {@link CATALOG_REFRESH_MS}. */
  everyMs?: number;
  now?: () => number;
}

export interface CatalogKeeper {
  /** Each provider's list now: `live` for what this gateway fetched and the file still holds, else cached or built-in. */
  catalogs(): Promise<ProviderCatalog[]>;
  /** Cancels the timer and any refresh in flight. */
  stop(): Promise<void>;
}

export function startCatalogKeeper(options: CatalogKeeperOptions): CatalogKeeper {
  const now = options.now ?? Date.now;
  const every = options.everyMs ?? CATALOG_REFRESH_MS;
  /** provider → fetchedAt of the list this gateway fetched itself. */
  const fetched = new Map<string, string>();
  let lastProblem: string | null = null;
  let timer: Timer | null = null;
  let controller: AbortController | null = null;
  let refreshing: Promise<void> | null = null;
  let stopped = false;

  async function refresh(): Promise<void> {
    controller = new AbortController();
    const config = options.config.current();
    try {
      const results = await refreshCatalogs({
        file: options.file,
        auth: options.auth,
        config,
        clients: {
          endpoints: options.endpoints,
          env: options.env,
          timeoutMs: 15_000,
          settings: (id) => config.providers[id] ?? {},
        },
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(REFRESH_DEADLINE_MS)]),
        now,
      });
      for (const r of results) if (r.source === 'live') fetched.set(r.provider, r.fetchedAt!);
      // A provider without a usable login was not asked: nothing failed.
      const failed = results.filter((r) => r.error !== undefined && r.error !== NO_USABLE_LOGIN);
      if (failed.length > 0 && !stopped) {
        log.warn(
          `refreshing the model catalog failed: ${failed.map((r) => `${r.error} (kept the ${r.source} list)`).join('; ')}`,
        );
      }
    } catch (error) {
      // Writing the cache failed: the file keeps the lists it had, and they are what models.list serves.
      if (!stopped) log.warn(`refreshing the model catalog failed: ${errorMessage(error).split('\n')[0]}`);
    } finally {
      controller = null;
    }
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setLongTimeout(() => {
      refreshing = refresh().finally(() => {
        refreshing = null;
        schedule(every);
      });
    }, delayMs);
  }

  // The next refresh is a day after the newest list in the cache (the CLI's `--live` counts too),
  // and never later than a day from now (a date in the future is the file's word, not the clock's).
  const first = readCatalogCache(options.file).then((cache) => {
    const newest = Math.max(...Object.values(cache).map((c) => Date.parse(c.fetchedAt)), -Infinity);
    schedule(Number.isFinite(newest) ? Math.min(every, newest + every - now()) : 0);
  });

  return {
    async catalogs() {
      let problem: string | null = null as string | null;
      const lists = await storedCatalogs(options.file, (reason) => (problem = reason));
      if (problem !== null && problem !== lastProblem) log.warn(`${problem}; using the built-in model lists`);
      lastProblem = problem;
      return lists.map((list) =>
        list.source === 'cached' && fetched.get(list.provider) === list.fetchedAt ? { ...list, source: 'live' } : list,
      );
    },
    async stop() {
      stopped = true;
      await first;
      timer?.clear();
      controller?.abort();
      await refreshing;
    },
  };
}
