// `channels.status` and `channels.link`: the chat channels (Discord, Slack, WhatsApp) and their
// state, and WhatsApp's QR pairing (its QR code arrives in `channels.changed`).
import { MethodError } from '../../gateway/handlers.js';

import { need, type MethodContext, type MethodFamily } from './context.js';

export function channelsMethods(ctx: MethodContext): MethodFamily<'channels.status' | 'channels.link'> {
  const { services } = ctx;
  return {
    'channels.status': async () => ({ channels: need(services, 'channels', 'the chat channels').list() }),
    'channels.link': async ({ channel }) => {
      const channels = need(services, 'channels', 'the chat channels');
      if (!channels.startLink) throw new MethodError('UNAVAILABLE', 'linking channels is not available');
      channels.startLink(channel);
      return { channels: channels.list() };
    },
  };
}
