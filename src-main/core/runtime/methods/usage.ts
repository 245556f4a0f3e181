// `usage.refresh`: polls now (within the poller's limits) and answers with the provider views.
import { providerViews } from '../../auth/status.js';

import { need, type MethodContext, type MethodFamily } from './context.js';

export function usageMethods(ctx: MethodContext): MethodFamily<'usage.refresh'> {
  const { services } = ctx;
  return {
    'usage.refresh': async (params) => {
      const usage = need(services, 'usage', 'the usage poller');
      await usage.refresh(params?.provider);
      return { providers: providerViews(services.auth?.profiles(ctx.now()) ?? [], usage.usage()) };
    },
  };
}
