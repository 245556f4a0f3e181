// `chat.send`: starts an agent run; its output goes out as `chat` events carrying the runId.
import { need, type MethodContext, type MethodFamily } from './context.js';

export function chatMethods(ctx: MethodContext): MethodFamily<'chat.send'> {
  return {
    'chat.send': async ({ sessionKey, message }) => ({
      runId: (await need(ctx.services, 'agent', 'the agent').send(sessionKey, message)).runId,
    }),
  };
}
