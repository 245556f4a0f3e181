// The agent and the chat channels as one capability of the runtime: `chat.send` starts a run
// whose output goes out as `chat` events, `models.list` lists models, `channels.status` reports
// Discord, whose state changes go out as `channels.changed`. One capability because stopping the
// agent is what ends the runs a channel's in-flight answers wait for.
import { createAgent } from '../agent/agent.js';
import { createChannels } from '../channels/index.js';

import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { AgentService, ChannelService } from './services.js';

export type AgentDeps = Pick<RuntimeDeps, 'config' | 'paths' | 'env' | 'endpoints' | 'secrets' | 'publish'> & {
  auth: AuthEngine;
};

/** Starts the agent and (in the background: it never holds up the gateway's listening line) the channels. */
export function startAgent(deps: AgentDeps): Running<{ agent: AgentService; channels: ChannelService }> {
  const { auth, config, paths, endpoints, publish } = deps;
  const agent = createAgent({ config, auth, sessionsDir: paths.sessionsDir, endpoints });
  const channels = createChannels({
    config: config.current(),
    agent,
    env: deps.env,
    secrets: deps.secrets,
    endpoints,
    stateDir: paths.stateDir,
  });
  const unsubscribe = channels.onChanged((list) => publish('channels.changed', { channels: list }));
  void channels.start();
  return {
    service: {
      agent: {
        models: ({ all }) => agent.listModels({ all }),
        send: (sessionKey, message) => {
          const { runId } = agent.send({ sessionKey, message }, (event) => publish('chat', event));
          return { runId };
        },
      },
      channels: { list: () => channels.list() },
    },
    stop: async () => {
      unsubscribe();
      // Together: closing the agent aborts the runs the channel's in-flight answers wait for.
      await Promise.all([channels.stop(), agent.close()]);
    },
  };
}
