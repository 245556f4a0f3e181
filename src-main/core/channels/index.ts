// The chat channels the gateway runs (Discord today), as one list for `channels.status`.
import path from 'node:path';

import { createDiscordChannel } from './discord.js';

import type { ChannelView } from '../../../src-shared/protocol/index.js';
import type { Channel, Channels, ChannelsOptions } from './types.js';

/** Builds every channel of the config; `start()` connects the enabled ones in the background-safe way. */
export function createChannels(options: ChannelsOptions): Channels {
  const channels: Channel[] = [
    createDiscordChannel({
      config: options.config.channels.discord,
      agent: options.agent,
      env: options.env,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      endpoints: options.endpoints,
      ...(options.stateDir ? { pairingStateFile: path.join(options.stateDir, 'discord-pairing.json') } : {}),
    }),
  ];
  const listeners = new Set<(views: ChannelView[]) => void>();
  const list = () => channels.map((c) => c.status());
  for (const channel of channels) {
    channel.onStatus(() => {
      const views = list();
      for (const listener of listeners) listener(views);
    });
  }
  return {
    async start() {
      await Promise.all(channels.map((c) => c.start()));
    },
    async stop() {
      await Promise.all(channels.map((c) => c.stop()));
    },
    list,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
