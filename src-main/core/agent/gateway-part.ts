// The agent and the chat channels as a part of the gateway runtime (core/gateway/runtime.ts):
// `chat.send` starts a run whose output goes out as `chat` events, `models.list` lists models,
// `channels.status` reports Discord, Slack and WhatsApp, whose state changes go out as
// `channels.changed`; `channels.link` starts WhatsApp's QR pairing.

import { errorMessage } from '../../../src-shared/error-message.js';
import { channelProfiles } from '../channels/channel-profiles.js';
import { createChannels } from '../channels/index.js';
import { MethodError } from '../gateway/services.js';

import { createAgent } from './agent.js';

import type { RuntimeContext } from '../gateway/runtime.js';

/** Starts the agent and (in the background: never blocks the gateway's listening line) the channels. */
export const agentPart = {
  name: 'agent and channels',
  start(ctx: RuntimeContext): void {
    const auth = ctx.auth;
    if (!auth) throw new Error('it needs the auth engine');
    const config = ctx.config();
    const agent = createAgent({ config, auth, sessionsDir: ctx.paths.sessionsDir, endpoints: ctx.endpoints });
    ctx.services.agent = {
      models: ({ all }) => agent.listModels({ all }),
      send: (sessionKey, message) => {
        const { runId } = agent.send({ sessionKey, message }, (event) => ctx.gateway.broadcast('chat', event));
        return { runId };
      },
    };
    const channels = createChannels({
      config,
      agent,
      env: ctx.env,
      secrets: ctx.secrets,
      endpoints: ctx.endpoints,
      stateDir: ctx.paths.stateDir,
      whatsappDir: ctx.paths.whatsappDir,
    });
    ctx.services.channels = {
      list: () => channels.list(),
      startLink: (id) => {
        let done: Promise<void>;
        try {
          ({ done } = channels.link(id));
        } catch (error) {
          throw new MethodError('INVALID_REQUEST', errorMessage(error));
        }
        // The outcome shows in the channel's view (channels.changed); the log keeps the reason too.
        done.catch((error: unknown) => ctx.logger.warn(`linking ${id} failed: ${errorMessage(error)}`));
      },
    };
    // The channels' credentials are profiles too: statuses, notifications (the notifier's policy), tray, dashboard.
    ctx.profiles?.setExtra('channels', channelProfiles(channels.list()));
    channels.onChanged((list) => {
      ctx.gateway.broadcast('channels.changed', { channels: list });
      ctx.profiles?.setExtra('channels', channelProfiles(list));
    });
    // Together: closing the agent aborts the runs the channel's in-flight answers wait for.
    ctx.onClose(() => Promise.all([channels.stop(), agent.close()]));
    void channels.start();
  },
};
