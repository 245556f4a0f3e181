// `agent.cooldowns`, `agent.log` (issue 17): what the agent's routing is doing, for the dashboard.
// Read-only: they show the cooldowns and decisions the agent keeps, and change nothing.
import { need, type MethodContext, type MethodFamily } from './context.js';

/** The decisions `agent.log` answers with when the caller names no limit. */
const DEFAULT_DECISIONS = 20;

export function agentMethods(ctx: MethodContext): MethodFamily<'agent.cooldowns' | 'agent.log'> {
  const { services } = ctx;
  return {
    'agent.cooldowns': async () => ({ cooldowns: (await need(services, 'agent', 'the agent').cooldowns?.()) ?? [] }),
    'agent.log': async (params) => ({
      decisions: (await need(services, 'agent', 'the agent').decisions?.(params?.limit ?? DEFAULT_DECISIONS)) ?? [],
    }),
  };
}
