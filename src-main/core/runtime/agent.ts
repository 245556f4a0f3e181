// The agent and the chat channels as a part of the gateway runtime (core/gateway/runtime.ts):
// `chat.send` starts a run whose output goes out as `chat` events, `models.list` lists models,
// `channels.status` reports Discord, whose state changes go out as `channels.changed`.

import { createAgent } from '../agent/agent.js';
import { createChannels } from '../channels/index.js';

import type { RuntimeContext } from './start.js';

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
    });
    ctx.services.channels = { list: () => channels.list() };
    channels.onChanged((list) => ctx.gateway.broadcast('channels.changed', { channels: list }));
    // Together: closing the agent aborts the runs the channel's in-flight answers wait for.
    ctx.onClose(() => Promise.all([channels.stop(), agent.close()]));
    void channels.start();
  },
};
