// `usage.refresh`: polls now (within the poller's limits) and answers with the provider views.
import { need, type MethodContext, type MethodFamily } from './context.js';

export function usageMethods(ctx: MethodContext): MethodFamily<'usage.refresh'> {
  const { services } = ctx;
  return {
    'usage.refresh': async (params) => {
      const usage = need(services, 'usage', 'the usage poller');
      await usage.refresh(params?.provider);
      // The snapshot's views: the same headlines (auth order included) as `status` and the events.
      return { providers: ctx.snapshot().providers };
    },
  };
}
