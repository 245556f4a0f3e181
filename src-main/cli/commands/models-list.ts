// `clawbar models list [--json] [--all] [--live]` (DESIGN.md §7): configured models (or the whole
// catalog) with the state of their provider's auth and where each entry comes from. Reads the
// auth sources once; without `--live` it asks no provider (the cached lists, else the built-in
// ones) and loads no provider SDK.
import type { ModelView } from '../../../src-shared/protocol/index.js';
import type { ProviderCatalog } from '../../core/agent/live-catalog.js';
import type { Command } from 'commander';

export interface ListOptions {
  json?: boolean;
  all?: boolean;
  live?: boolean;
}

/** One line per provider list: `openai-codex: live, fetched 2026-11-29 22:40` (with why a fetch failed). */
function catalogLine(catalog: ProviderCatalog): string {
  const when = catalog.fetchedAt ? `, fetched ${catalog.fetchedAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${catalog.provider}: ${catalog.source}${when}${catalog.error ? ` (live list unavailable: ${catalog.error})` : ''}`;
}

export async function modelsList(options: ListOptions, command?: Command): Promise<void> {
  const [{ loadAuthContext }, { createAuthEngine }, { listModels, formatModelsTable }, catalog, { resolveEndpoints }] =
    await Promise.all([
      import('../../core/auth/context.js'),
      import('../../core/auth/engine.js'),
      import('../../core/agent/models-view.js'),
      import('../../core/agent/live-catalog.js'),
      import('../../core/config/paths.js'),
    ]);
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  const context = await loadAuthContext(process.env, globals.config);
  const engine = createAuthEngine({ ...context, watch: false });
  await engine.start();
  const profiles = engine.profiles(Date.now());
  let catalogs: ProviderCatalog[];
  try {
    catalogs = options.live
      ? await catalog.refreshCatalogs({
          file: context.paths.catalogCache,
          auth: engine,
          config: context.config,
          clients: {
            endpoints: resolveEndpoints(context.env),
            env: context.env,
            timeoutMs: 15_000,
            settings: (id) => context.config.providers[id] ?? {},
          },
          signal: AbortSignal.timeout(30_000),
        })
      : await catalog.storedCatalogs(context.paths.catalogCache);
  } finally {
    await engine.stop();
  }
  const models: ModelView[] = listModels({
    agent: context.config.agent,
    profiles,
    order: context.config.auth.order,
    all: options.all ?? false,
    catalogs,
  });
  const lists = catalogs.map(({ provider, source, fetchedAt, error }) => ({
    provider,
    source,
    fetchedAt,
    ...(error ? { error } : {}),
  }));
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ models, catalogs: lists }, null, 2)}\n`
      : `${formatModelsTable(models)}\n\n${catalogs.map(catalogLine).join('\n')}\n`,
  );
}
