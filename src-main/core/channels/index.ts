// The chat channels the gateway runs (Discord, Slack, WhatsApp), as one list for `channels.status`.
import path from 'node:path';

import { createDiscordChannel } from './discord.js';
import { createSlackChannel } from './slack.js';
import { createWhatsAppChannel } from './whatsapp.js';

import type { ChannelView } from '../../../src-shared/protocol/index.js';
import type { Channel, Channels, ChannelsOptions } from './types.js';

/** Builds every channel of the config; `start()` connects the enabled ones. */
export function createChannels(options: ChannelsOptions): Channels {
  const stateFile = (name: string) => (options.stateDir ? { pairingStateFile: path.join(options.stateDir, name) } : {});
  const secrets = options.secrets ? { secrets: options.secrets } : {};
  const desk = options.desk ? { desk: options.desk } : {};
  const channels: Channel[] = [
    createDiscordChannel({
      config: options.config.channels.discord,
      agent: options.agent,
      env: options.env,
      ...secrets,
      ...desk,
      endpoints: options.endpoints,
      ...stateFile('discord-pairing.json'),
    }),
    createSlackChannel({
      config: options.config.channels.slack,
      agent: options.agent,
      env: options.env,
      ...secrets,
      ...desk,
      endpoints: options.endpoints,
      ...stateFile('slack-pairing.json'),
    }),
  ];
  if (options.whatsappDir) {
    channels.push(
      createWhatsAppChannel({
        config: options.config.channels.whatsapp,
        agent: options.agent,
        ...desk,
        dir: options.whatsappDir,
        wsUrl: options.endpoints.whatsappWsUrl,
        ...(options.whatsappSocketFactory ? { socketFactory: options.whatsappSocketFactory } : {}),
        ...stateFile('whatsapp-pairing.json'),
      }),
    );
  }
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
    link(id) {
      const channel = channels.find((c) => c.id === id);
      if (!channel) throw new Error(`unknown channel "${id}": use one of ${channels.map((c) => c.id).join(', ')}`);
      if (!channel.link) throw new Error(`the ${id} channel runs on tokens, not a link: see clawbar secrets set`);
      return { done: channel.link() };
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
