// `channels.status`: the chat channels (Discord) and their state.
import { need, type MethodContext, type MethodFamily } from './context.js';

export function channelsMethods(ctx: MethodContext): MethodFamily<'channels.status'> {
  return {
    'channels.status': async () => ({ channels: need(ctx.services, 'channels', 'the chat channels').list() }),
  };
}
