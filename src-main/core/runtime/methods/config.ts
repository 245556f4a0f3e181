// `config.get` / `config.set`: the dashboard's settings, backed by config.json (settings.ts).
import { need, type MethodContext, type MethodFamily } from './context.js';

export function configMethods(ctx: MethodContext): MethodFamily<'config.get' | 'config.set'> {
  const { services } = ctx;
  return {
    'config.get': async () => need(services, 'settings', 'settings').get(),
    'config.set': async (patch) => need(services, 'settings', 'settings').set(patch),
  };
}
