// The agent and the chat channels as one capability of the runtime: `chat.send` starts a run
// whose output goes out as `chat` events, `models.list` lists models (the providers' published lists,
// refreshed in the background once a day, over the built-in ones), `channels.status` reports
// Discord, Slack and WhatsApp, whose state changes go out as `channels.changed`; `channels.link`
// starts WhatsApp's QR pairing. The channels' credentials are profiles too (through the feed).
// One capability because stopping the agent is what ends the runs a channel's in-flight answers
// wait for.
import { errorMessage } from '../../../src-shared/error-message.js';
import { createAgent } from '../agent/agent.js';
import { startCatalogKeeper } from '../agent/catalog-keeper.js';
import { ALL_MODELS } from '../agent/cooldowns.js';
import { channelProfiles } from '../channels/channel-profiles.js';
import { createChannels } from '../channels/index.js';
import { createOwnerDesk, type DeskLogins } from '../channels/owner-desk.js';
import { MethodError } from '../gateway/handlers.js';
import { createLogger } from '../log/logger.js';

import type { AgentOptions } from '../agent/types.js';
import type { ProfileFeed } from '../auth/profile-feed.js';
import type { AuthEngine } from '../auth/types.js';
import type { LoginProgress } from '../reauth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { AgentService, ChannelService } from './services.js';

export type AgentDeps = Pick<RuntimeDeps, 'config' | 'paths' | 'env' | 'endpoints' | 'secrets' | 'publish'> & {
  auth: AuthEngine;
  /** Where the channels' credentials join the profiles clients see (and the owner DM reads them). */
  profiles: Pick<ProfileFeed, 'setExtra' | 'profiles' | 'onChanged'>;
  /** The login runner while it runs: the owner's `relogin` on a channel starts a device-code login. */
  logins?: () => DeskLogins | undefined;
  /** Every `login.progress` event (the device code and the outcome go back to the owner). */
  onLoginProgress?: (listener: (progress: LoginProgress) => void) => () => void;
  /** Records each attempt of a turn (the usage history, while it runs). */
  onTurn?: AgentOptions['onTurn'];
  /** The usage windows the agent routes by (`auth.strategy: headroom`), while the poller runs. */
  usage?: AgentOptions['usage'];
  /** Told when routing moves to another account because one ran out (the notifier, while it runs). */
  onSwitch?: AgentOptions['onSwitch'];
};

/** Starts the agent and (in the background: it never holds up the gateway's listening line) the channels. */
export function startAgent(deps: AgentDeps): Running<{ agent: AgentService; channels: ChannelService }> {
  const { auth, config, paths, endpoints, publish, profiles } = deps;
  const log = createLogger('gateway');
  const agent = createAgent({
    config,
    auth,
    sessionsDir: paths.sessionsDir,
    stateDir: paths.stateDir,
    endpoints,
    env: deps.env,
    ...(deps.onTurn ? { onTurn: deps.onTurn } : {}),
    ...(deps.usage ? { usage: deps.usage } : {}),
    ...(deps.onSwitch ? { onSwitch: deps.onSwitch } : {}),
  });
  const catalog = startCatalogKeeper({ file: paths.catalogCache, auth, config, endpoints, env: deps.env });
  // Re-login from a phone: the channels' owners hear of a dying login and can renew it (issue 18).
  const desk = createOwnerDesk({
    config,
    profiles,
    logins: deps.logins ?? (() => undefined),
    onLoginProgress: deps.onLoginProgress ?? (() => () => undefined),
  });
  const channels = createChannels({
    desk,
    config: config.current(),
    agent,
    env: deps.env,
    secrets: deps.secrets,
    endpoints,
    stateDir: paths.stateDir,
    whatsappDir: paths.whatsappDir,
  });
  // The channels' credentials are profiles too: statuses, notifications, tray, dashboard.
  profiles.setExtra('channels', channelProfiles(channels.list()));
  const unsubscribe = channels.onChanged((list) => {
    publish('channels.changed', { channels: list });
    profiles.setExtra('channels', channelProfiles(list));
  });
  desk.start();
  void channels.start();
  return {
    service: {
      agent: {
        models: async ({ all }) => agent.listModels({ all, catalogs: await catalog.catalogs() }),
        send: (sessionKey, message) => {
          const { runId } = agent.send({ sessionKey, message }, (event) => publish('chat', event));
          return { runId };
        },
        cooldowns: async () =>
          (await agent.cooldowns()).map((entry) => ({
            profileId: entry.profileId,
            model: entry.model,
            until: new Date(entry.until).toISOString(),
            // A whole login rests only for a used-up quota; a 429 rests it for one model (agent.ts).
            reason: entry.model === ALL_MODELS ? 'quota' : 'rate-limit',
          })),
        decisions: async (limit) => (await agent.decisions()).slice(-limit).reverse(),
      },
      channels: {
        list: () => channels.list(),
        startLink: (id) => {
          let done: Promise<void>;
          try {
            ({ done } = channels.link(id));
          } catch (error) {
            throw new MethodError('INVALID_REQUEST', errorMessage(error));
          }
          // The outcome shows in the channel's view (channels.changed); the log keeps the reason too.
          done.catch((error: unknown) => log.warn(`linking ${id} failed: ${errorMessage(error)}`));
        },
      },
    },
    stop: async () => {
      unsubscribe();
      // Together: closing the agent aborts the runs the channel's in-flight answers wait for.
      await Promise.all([channels.stop(), agent.close(), catalog.stop(), desk.stop()]);
    },
  };
}
