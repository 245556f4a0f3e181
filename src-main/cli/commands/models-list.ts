// `clawbar models list [--json] [--all]` (DESIGN.md §7): configured models (or the whole catalog)
// with the state of their provider's auth. Reads the auth sources once; never loads a provider SDK.
import type { ModelView } from '../../../src-shared/protocol/index.js';
import type { Command } from 'commander';

export interface ListOptions {
  json?: boolean;
  all?: boolean;
}

export async function modelsList(options: ListOptions, command?: Command): Promise<void> {
  const [{ loadAuthContext }, { createAuthEngine }, { listModels, formatModelsTable }] = await Promise.all([
    import('../../core/auth/context.js'),
    import('../../core/auth/engine.js'),
    import('../../core/agent/models-view.js'),
  ]);
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  const context = await loadAuthContext(process.env, globals.config);
  const engine = createAuthEngine({ ...context, watch: false });
  await engine.start();
  const profiles = engine.profiles(Date.now());
  await engine.stop();
  const models: ModelView[] = listModels({
    agent: context.config.agent,
    profiles,
    order: context.config.auth.order,
    all: options.all ?? false,
  });
  process.stdout.write(options.json ? `${JSON.stringify({ models }, null, 2)}\n` : `${formatModelsTable(models)}\n`);
}
