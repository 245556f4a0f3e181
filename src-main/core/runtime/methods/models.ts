// `models.list`: the agent's configured models (or the whole catalog) with the state of their auth.
import { need, type MethodContext, type MethodFamily } from './context.js';

export function modelsMethods(ctx: MethodContext): MethodFamily<'models.list'> {
  return {
    'models.list': async (params) => ({
      models: await need(ctx.services, 'agent', 'the agent').models({ all: params?.all ?? false }),
    }),
  };
}
