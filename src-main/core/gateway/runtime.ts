// The gateway runtime: clawbar's core assembled behind one gateway. Used by `clawbar gateway`
// (headless) and by the Electron main process. It binds the port first (so "port in use" fails
// fast with nothing started), then starts each part in order; a part that fails to start is
// logged and its methods answer UNAVAILABLE, while the rest keeps running.
import { errorMessage } from '../../../src-shared/error-message.js';
import { VERSION } from '../../cli/version.js';
import { agentPart } from '../agent/gateway-part.js';
import { createAuthEngine } from '../auth/engine.js';
import { createProfileFeed, type ProfileFeed } from '../auth/profile-feed.js';
import { providerViews } from '../auth/status.js';
import { createUrlOpener } from '../browser/open-url.js';
import { loadConfig } from '../config/load.js';
import { tightenOwnEntries } from '../config/own-files.js';
import { type ClawbarPaths, type Endpoints, type Env, resolveEndpoints, resolvePaths } from '../config/paths.js';
import { type Config } from '../config/schema.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createNotifier } from '../notify/notifier.js';
import { reauthPart } from '../reauth/gateway-part.js';
import { createSecretStore, type SecretStore } from '../secrets/secret-store.js';
import { createUsagePoller } from '../usage/poller.js';

import { type Gateway, startGateway } from './server.js';
import { type GatewayServices } from './services.js';
import { createConfigSettings } from './settings.js';
import { findDashboardDir } from './static-files.js';
import { loadOrCreateGatewayToken } from './token.js';

import type { AuthEngine } from '../auth/types.js';

export { PortInUseError } from './server.js';

export interface GatewayRuntimeOptions {
  env?: Env;
  /** `--port`; default: config `gateway.port` (which CLAWBAR_GATEWAY_PORT overrides), 18789. */
  port?: number;
  /** `--config`; default `$CLAWBAR_HOME/config.json`. */
  configPath?: string;
  /** Built dashboard; default dist/renderer next to the bundle, null when not built. */
  dashboardDir?: string | null;
  /** Origins allowed to open /ws besides the gateway's own (see origin.ts). */
  extraOrigins?: string[];
  /** Opens a URL in the browser (login URLs); default the Node opener of core/browser, Electron passes its checked one. */
  openUrl?: (url: string) => void | Promise<void>;
  logger?: Logger;
}

/** What every part receives: where things are, the live config, and where to plug itself in. */
export interface RuntimeContext {
  env: Env;
  paths: ClawbarPaths;
  endpoints: Endpoints;
  configPath: string;
  /** The current config (config.set replaces it). */
  config(): Config;
  /**
   * The config as a live view: each top-level key is a getter reading the current config, so a part
   * given `ctx.live` (or `{ reauth: … }` picked from it lazily) sees config.set changes with no restart.
   */
  live: Config;
  gateway: Gateway;
  /** Fill in the services your part provides; methods read them at call time. */
  services: GatewayServices;
  /** The secret store the start config chooses (keychain or file), one for every part. */
  secrets: SecretStore;
  /** The auth engine, once the auth part has started it (parts after it may rely on it). */
  auth: AuthEngine | null;
  /** What clients see as profiles: the engine's plus other sources' (the channels' credentials). */
  profiles: ProfileFeed | null;
  openUrl: (url: string) => void | Promise<void>;
  logger: Logger;
  /** Runs after config.set wrote a new config.json. */
  onConfigChanged(listener: (config: Config) => void): void;
  /** Runs at shutdown, in reverse order of registration. */
  onClose(stop: () => unknown): void;
}

export interface GatewayRuntime {
  gateway: Gateway;
  /** The gateway token (never log it). */
  token: string;
  paths: ClawbarPaths;
  config(): Config;
  /** The live view of the config (see RuntimeContext.live). */
  live: Config;
  services: GatewayServices;
  /** `http://127.0.0.1:<port>/#token=<token>` */
  dashboardUrl: string;
  /** Stops every part and the server; idempotent. */
  close(): Promise<void>;
}

/**
 * One capability plugged into the gateway. `start` is awaited before the gateway reports itself
 * listening, so it must not wait on the network: connect to remote services in the background.
 */
export type RuntimePart = { name: string; start(ctx: RuntimeContext): Promise<void> | void };
type Part = RuntimePart;

// ---------------------------------------------------------------------------------------------
// Parts, started in this order. Each one fills in `ctx.services` and forwards its changes as
// gateway events. To add a part: write `const myPart: Part = {...}` below and list it in PARTS.

const authPart: Part = {
  name: 'auth engine',
  start: async (ctx) => {
    const engine = createAuthEngine({ paths: ctx.paths, config: ctx.config(), env: ctx.env, secrets: ctx.secrets });
    ctx.onClose(() => engine.stop());
    await engine.start();
    ctx.auth = engine;
    const feed = createProfileFeed(engine);
    ctx.profiles = feed;
    ctx.services.auth = feed;
    feed.onChanged((profiles) => ctx.gateway.broadcast('auth.changed', { profiles }));
    ctx.onConfigChanged((next) => engine.setWarnBefore?.(next.auth.warnBeforeMs));
    // Clients that connected while the sources were being read get the first reading too.
    ctx.gateway.broadcast('auth.changed', { profiles: feed.profiles() });
  },
};

const usagePart: Part = {
  name: 'usage poller',
  start: (ctx) => {
    const auth = ctx.auth;
    const feed = ctx.profiles;
    if (!auth || !feed) throw new Error('it needs the auth engine');
    const poller = createUsagePoller({
      auth,
      endpoints: ctx.endpoints,
      refreshMs: ctx.config().usage.refreshMs,
      logger: createLogger('usage'),
    });
    ctx.services.usage = { usage: () => poller.providers(), refresh: (provider) => poller.refresh(provider) };
    // A provider view carries its status (worst of its profiles) as well as its usage, so an auth
    // change can move it too: publish whenever the views differ from the last ones sent.
    let published = JSON.stringify(providerViews(feed.profiles(), poller.providers()));
    const publish = () => {
      const providers = providerViews(feed.profiles(), poller.providers());
      const next = JSON.stringify(providers);
      if (next === published) return;
      published = next;
      ctx.gateway.broadcast('usage.changed', { providers });
    };
    poller.onChanged(publish);
    feed.onChanged(publish);
    ctx.onConfigChanged((next) => poller.setRefreshMs(next.usage.refreshMs));
    ctx.onClose(() => poller.stop());
    poller.start();
  },
};

// The login runner and refreshers (issue 6): reauthPart in core/reauth/gateway-part.ts —
// services.logins + 'login.progress'.
// The agent and Discord (issue 9): agentPart in core/agent/gateway-part.ts — services.agent,
// services.channels + 'chat', 'channels.changed'.
// The notifier (issue 8): auth/usage/login changes and the clock's threshold crossings → 'notify'.
// Listed last: it listens in on the events the parts before it broadcast.
const notifyPart: Part = {
  name: 'notifier',
  start: async (ctx) => {
    const notifier = createNotifier({
      storePath: ctx.paths.notified,
      config: ctx.config().notifications,
      current: () => ({
        profiles: ctx.services.auth?.profiles() ?? [],
        providers: Object.entries(ctx.services.usage?.usage() ?? {}).map(([provider, usage]) => ({
          provider,
          usage: usage ?? null,
        })),
      }),
    });
    ctx.gateway.onBroadcast((event, payload) => notifier.observe(event, payload));
    notifier.onNotify((event) => ctx.gateway.broadcast('notify', event));
    ctx.onConfigChanged((next) => notifier.setConfig(next.notifications));
    ctx.onClose(() => notifier.stop());
    await notifier.start();
  },
};

const PARTS: Part[] = [authPart, usagePart, reauthPart, agentPart, notifyPart];

// ---------------------------------------------------------------------------------------------

/**
 * Loads config and token, binds the gateway (rejecting with PortInUseError when taken), then
 * starts the parts. The caller prints the banner lines and owns the process lifetime.
 */
export async function startGatewayRuntime(options: GatewayRuntimeOptions = {}): Promise<GatewayRuntime> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger('gateway');
  const paths = resolvePaths(env);
  // What a loose umask, a copy or an older version left readable by others is made private first.
  const tightened = await tightenOwnEntries(paths).catch(() => []);
  if (tightened.length > 0) logger.warn(`made private (0600/0700): ${tightened.join(', ')}`);
  const configPath = options.configPath ?? paths.config;
  let config = await loadConfig(configPath, env);
  const startConfig = config;
  const { token } = await loadOrCreateGatewayToken(paths.gatewayToken, env);

  const services: GatewayServices = {};
  const configListeners: ((config: Config) => void)[] = [];
  const stops: (() => unknown)[] = [];
  services.settings = createConfigSettings({
    file: configPath,
    env,
    onChanged: (next) => {
      config = next;
      for (const listener of configListeners) {
        try {
          listener(next);
        } catch (error) {
          logger.warn(`applying the new config failed: ${errorMessage(error)}`);
        }
      }
    },
  });

  const gateway = await startGateway({
    port: options.port ?? config.gateway.port,
    // Any bind other than loopback is opt-in through config; the token guards it (it always exists).
    host: config.gateway.bind === 'loopback' ? '127.0.0.1' : '0.0.0.0',
    token,
    version: VERSION,
    services,
    // Report the threshold the auth engine computed its statuses with, so the snapshot never pairs
    // statuses with a threshold they were not computed for.
    describe: () => ({
      agentModel: config.agent.model,
      warnBeforeMs: services.auth?.warnBeforeMs?.() ?? startConfig.auth.warnBeforeMs,
    }),
    dashboardDir: options.dashboardDir === undefined ? findDashboardDir() : options.dashboardDir,
    ...(options.extraOrigins ? { extraOrigins: options.extraOrigins } : {}),
    logger,
  });
  stops.push(() => gateway.close());
  if (config.gateway.bind !== 'loopback') {
    logger.warn(
      `gateway.bind is "${config.gateway.bind}": listening on every interface; the token is all that guards it`,
    );
  }

  const live = Object.defineProperties(
    {},
    Object.fromEntries(
      Object.keys(config).map((key) => [key, { enumerable: true, get: () => config[key as keyof Config] }]),
    ),
  ) as Config;
  const ctx: RuntimeContext = {
    env,
    paths,
    endpoints: resolveEndpoints(env),
    configPath,
    config: () => config,
    live,
    gateway,
    services,
    secrets: createSecretStore(config.secrets.backend, paths.home),
    auth: null,
    profiles: null,
    openUrl: options.openUrl ?? createUrlOpener({ env }),
    logger,
    onConfigChanged: (listener) => void configListeners.push(listener),
    onClose: (stop) => void stops.push(stop),
  };

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const stop of stops.reverse()) {
        try {
          await stop();
        } catch (error) {
          logger.warn(`shutdown step failed: ${errorMessage(error)}`);
        }
      }
    })());

  for (const part of PARTS) {
    try {
      await part.start(ctx);
    } catch (error) {
      logger.warn(`${part.name} did not start: ${errorMessage(error)}`);
    }
  }
  // Printed once the parts are up, so a client that waits for this line sees real data.
  logger.info(`agent model: ${config.agent.model}`);
  logger.info(`listening on ${gateway.listenUrl} (PID ${process.pid})`);

  return {
    gateway,
    token,
    paths,
    config: () => config,
    live,
    services,
    dashboardUrl: `${gateway.httpUrl}/#token=${encodeURIComponent(token)}`,
    close,
  };
}
