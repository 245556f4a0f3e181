// `usage.history`, `usage.daily`, `usage.turns` (issue 19): the data the dashboard's charts draw,
// bounded by the protocol's schemas (a week of window history, 90 days of daily tokens and turns).
import { need, type MethodContext, type MethodFamily } from './context.js';

export function historyMethods(ctx: MethodContext): MethodFamily<'usage.history' | 'usage.daily' | 'usage.turns'> {
  const history = () => need(ctx.services, 'history', 'the usage history');
  return {
    'usage.history': async (params) => history().windows(params?.days ?? 7),
    'usage.daily': async (params) => history().daily(params?.days ?? 14),
    'usage.turns': async (params) => history().turns(params?.days ?? 7, params?.bucket ?? 'day'),
  };
}
