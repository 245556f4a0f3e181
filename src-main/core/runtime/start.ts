// The runtime: clawbar's core assembled behind one gateway, for `clawbar gateway` (headless) and
// the Electron main process. Read top to bottom, this is the whole composition: the config, the
// transport (bound first, so "port in use" fails fast with nothing started), then each capability,
// started by a function that takes what it needs and returns its service. A capability that fails
// turns only its own methods UNAVAILABLE and is retried until it runs (capabilities.ts).
import { errorMessage } from '../../../src-shared/error-message.js';
import { headlineRouting } from '../auth/status.js';
import { createUrlOpener } from '../browser/open-url.js';
import { createConfigSource } from '../config/config-source.js';
import { watchConfigFile } from '../config/config-watcher.js';
import { loadConfig } from '../config/load.js';
import { tightenOwnEntries } from '../config/own-files.js';
import { type ClawbarPaths, type Env, resolveEndpoints, resolvePaths } from '../config/paths.js';
import { type Gateway, startGateway } from '../gateway/server.js';
import { findDashboardDir } from '../gateway/static-files.js';
import { loadOrCreateGatewayToken } from '../gateway/token.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createSecretStore } from '../secrets/secret-store.js';
import { VERSION } from '../version.js';

import { createConfigAccounts } from './accounts.js';
import { startAgent } from './agent.js';
import { startAuth } from './auth.js';
import { createCapabilities } from './capabilities.js';
import { startHistory } from './history.js';
import { startHooks } from './hooks.js';
import { createMethodHandlers } from './methods/index.js';
import { startNotifier } from './notify.js';
import { startProbe } from './probe.js';
import { startReauth } from './reauth.js';
import { createConfigEditor, createConfigSettings } from './settings.js';
import { buildSnapshot } from './snapshot.js';
import { startUsage } from './usage.js';

import type { EventPayloads } from '../../../src-shared/protocol/index.js';
import type { AccountSwitch } from '../agent/types.js';
import type { ConfigSource } from '../config/config-source.js';
import type { RuntimeDeps } from './deps.js';
import type { GatewayServices } from './services.js';

export { PortInUseError } from '../gateway/server.js';

export interface RuntimeOptions {
  env?: Env;
  /** `--port`; default: config `gateway.port` (which CLAWBAR_GATEWAY_PORT overrides), 18789. */
  port?: number;
  /** `--config`; default `$CLAWBAR_HOME/config.json`. */
  configPath?: string;
  /** Built dashboard; default dist/renderer next to the bundle, null when not built. */
  dashboardDir?: string | null;
  /** Origins allowed to open /ws besides the gateway's own (see origin.ts). */
  extraOrigins?: string[];
  /** Opens a URL in the browser (login URLs); default the Node opener of core/reauth, Electron passes its checked one. */
  openUrl?: (url: string) => void | Promise<void>;
  logger?: Logger;
}

export interface Runtime {
  gateway: Gateway;
  /** The gateway token (never log it). */
  token: string;
  paths: ClawbarPaths;
  /** The config in force (config.set replaces it) and its changes. */
  config: ConfigSource;
  /** Each capability's service, present while it runs. */
  services: GatewayServices;
  /** `http://127.0.0.1:<port>/#token=<token>` */
  dashboardUrl: string;
  /** Stops every capability and the server; idempotent. */
  close(): Promise<void>;
}

/**
 * Loads config and token, binds the gateway (rejecting with PortInUseError when taken), then
 * starts the capabilities. The caller prints the banner lines and owns the process lifetime.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger('gateway');
  const paths = resolvePaths(env);
  // What a loose umask, a copy or an older version left readable by others is made private first.
  const tightened = await tightenOwnEntries(paths).catch(() => []);
  if (tightened.length > 0) logger.warn(`made private (0600/0700): ${tightened.join(', ')}`);
  const endpoints = resolveEndpoints(env);
  const configPath = options.configPath ?? paths.config;
  const config = createConfigSource(await loadConfig(configPath, env), (error) =>
    logger.warn(`applying the new config failed: ${errorMessage(error)}`),
  );
  const { token } = await loadOrCreateGatewayToken(paths.gatewayToken, env);
  const secrets = createSecretStore(config.current().secrets.backend, paths.home);
  const openUrl = options.openUrl ?? createUrlOpener({ env });
  const capabilities = createCapabilities({ logger });

  // The transport. Methods read the services at call time, so each one answers UNAVAILABLE until
  // its capability runs.
  // Settings and accounts edit config.json through one editor: their writes never interleave.
  const editor = createConfigEditor({ file: configPath, env, onChanged: (next) => config.replace(next) });
  const services: GatewayServices = {
    settings: createConfigSettings(editor),
    accounts: createConfigAccounts(editor, env),
  };
  const startedAt = Date.now();
  const { bind } = config.current().gateway;
  const snapshot = () =>
    buildSnapshot(
      services,
      {
        name: 'clawbar',
        version: VERSION,
        pid: process.pid,
        port: gateway.port,
        startedAt: new Date(startedAt).toISOString(),
        agentModel: config.current().agent.model,
      },
      // The threshold the engine computed its statuses with, never one they were not computed for.
      services.auth?.warnBeforeMs?.() ?? config.current().auth.warnBeforeMs,
      Date.now(),
      config.current().auth.order,
      headlineRouting(config.current()),
    );
  const gateway = await startGateway({
    port: options.port ?? config.current().gateway.port,
    // Any bind other than loopback is opt-in through config; the token guards it (it always exists).
    host: bind === 'loopback' ? '127.0.0.1' : '0.0.0.0',
    token,
    version: VERSION,
    methods: createMethodHandlers({ services, version: VERSION, startedAt, snapshot, now: Date.now }),
    snapshot,
    dashboardDir: options.dashboardDir === undefined ? findDashboardDir() : options.dashboardDir,
    ...(options.extraOrigins ? { extraOrigins: options.extraOrigins } : {}),
    logger,
  });
  if (bind !== 'loopback') {
    logger.warn(`gateway.bind is "${bind}": listening on every interface; the token is all that guards it`);
  }
  // A config change may be what a failed capability was waiting for.
  config.onChange(() => capabilities.retryFailed());

  // The capabilities, each taking what it needs from these.
  const deps: RuntimeDeps = { paths, env, endpoints, config, secrets, openUrl, publish: gateway.broadcast };
  // First, so the first usage reading and agent turn are recorded. Off with usage.history.enabled: false.
  const history = config.current().usage.history.enabled
    ? await capabilities.start('usage history', () => startHistory(deps))
    : null;
  history?.whenRunning(({ service }) => (services.history = service));

  const auth = await capabilities.start('auth engine', () => startAuth(deps));
  auth.whenRunning(({ feed }) => (services.auth = feed));

  const usage = await capabilities.after(auth, 'usage poller', ({ engine, feed }) =>
    startUsage({ ...deps, auth: engine, profiles: feed, pace: () => history?.get()?.pace ?? null }),
  );
  usage.whenRunning((service) => (services.usage = service));

  // Every usage poll is a check of a token; the probe asks about the logins no poll reads.
  const probe = await capabilities.after(usage, 'health probe', (usageService) => {
    const { engine, feed } = auth.get()!;
    return startProbe({ ...deps, auth: engine, feed, usage: usageService });
  });
  probe.whenRunning((service) => (services.probe = service));

  let tellSwitch: ((event: AccountSwitch) => void) | null = null;
  const logins = await capabilities.after(auth, 'login runner and refresh', ({ engine }) =>
    startReauth({ ...deps, auth: engine }),
  );
  logins.whenRunning((service) => (services.logins = service));

  const agent = await capabilities.after(auth, 'agent and channels', ({ engine, feed }) =>
    startAgent({
      ...deps,
      auth: engine,
      profiles: feed,
      onTurn: (turn) => history?.get()?.recordTurn(turn),
      usage: () => services.usage?.usage() ?? {},
      // The notifier starts after the agent: told once it runs.
      onSwitch: (event) => tellSwitch?.(event),
      logins: () => services.logins,
      onLoginProgress: (listener) =>
        gateway.onBroadcast((event, payload) => {
          if (event === 'login.progress') listener(payload as EventPayloads['login.progress']);
        }),
    }),
  );
  agent.whenRunning((service) => Object.assign(services, service));

  // Last: it listens in on the events the capabilities before it publish.
  const notifier = await capabilities.start('notifier', () => startNotifier({ ...deps, gateway, services }));
  notifier.whenRunning((running) => (tellSwitch = (event) => running.accountSwitched(event)));
  // After the notifier: hooks run on its decisions (`notify`), as well as on auth and channel changes.
  const hooks = await capabilities.start('hooks', () => startHooks({ ...deps, gateway, services }));
  hooks.whenRunning((runner) => (services.hooks = { failures: () => runner.failures() }));

  // Edits of config.json (an account added) apply without a restart (issue 17).
  const configWatch = await watchConfigFile({
    file: configPath,
    env,
    current: () => config.current(),
    onChanged: (next) => config.replace(next),
  });

  // Printed once the capabilities are up, so a client that waits for this line sees real data.
  logger.info(`agent model: ${config.current().agent.model}`);
  logger.info(`listening on ${gateway.listenUrl} (PID ${process.pid})`);

  let closing: Promise<void> | null = null;
  return {
    gateway,
    token,
    paths,
    config,
    services,
    dashboardUrl: `${gateway.httpUrl}/#token=${encodeURIComponent(token)}`,
    close: () =>
      (closing ??= (async () => {
        await configWatch.close();
        await capabilities.stopAll();
        await gateway.close();
      })()),
  };
}
