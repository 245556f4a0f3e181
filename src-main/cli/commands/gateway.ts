// `clawbar gateway [--port N] [--open-dashboard]`: the headless gateway in the foreground, logging
// to the terminal and to $CLAWBAR_HOME/logs/gateway.log, until SIGINT, SIGTERM or SIGHUP, or until
// the npm (or scripts/start.mjs) that launched it is gone.
import { openDashboardInBrowser } from '../../core/browser/open-dashboard.js';
import { ensurePrivateDir } from '../../core/config/atomic-file.js';
import { resolvePaths } from '../../core/config/paths.js';
import { createLogger, fileSink, setLogSinks, stdoutSink } from '../../core/log/logger.js';
import { startRuntime } from '../../core/runtime/start.js';
import { CliError } from '../errors.js';
import { watchParent } from '../parent-watch.js';

import type { Command } from 'commander';

export interface GatewayCommandOptions {
  /** As typed; parsePort checks it. */
  port?: string;
  openDashboard?: boolean;
}

/** Shutdown must finish within 2 s even if a part hangs; this leaves room for the exit itself. */
const SHUTDOWN_BUDGET_MS = 1500;

export function parsePort(value: unknown): number {
  const port = /^\d{1,5}$/.test(String(value).trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new CliError(`--port must be a port number (1-65535, or 0 for any free port), got "${String(value)}"`);
  }
  return port;
}

export async function gateway(options: GatewayCommandOptions, command: Command): Promise<void> {
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const configPath = command.optsWithGlobals<{ config?: string }>().config;
  const paths = resolvePaths(process.env);
  await ensurePrivateDir(paths.logsDir);
  setLogSinks([stdoutSink, fileSink(paths.gatewayLog)]);
  const log = createLogger('gateway');

  // Signals are caught from the start: one that arrives while the parts start still ends in a
  // clean shutdown once they are up (the "listening" line is printed before this function returns).
  // SIGHUP (the terminal closed) stops it as cleanly; so does its launcher going away (npm start, npx).
  let pendingSignal: string | null = null;
  let onSignal: ((why: string) => void) | null = null;
  const catchSignal = (why: string) => {
    if (onSignal) onSignal(why);
    else if (pendingSignal) process.exit(0);
    else pendingSignal = why;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, catchSignal);
  watchParent((who) => catchSignal(who));

  // A PortInUseError or ConfigError reaches main's handler, which prints it as one line.
  const runtime = await startRuntime({
    env: process.env,
    ...(port !== undefined ? { port } : {}),
    ...(configPath ? { configPath } : {}),
    logger: log,
  });

  if (options.openDashboard) {
    // The token is in this line, so it goes to the terminal only, never to the log file.
    process.stdout.write(`[gateway] dashboard: ${runtime.dashboardUrl}\n`);
    const opened = await openDashboardInBrowser(runtime.dashboardUrl, { clawbarHome: paths.home });
    if (opened === 'no-opener') log.info('no browser opener found (xdg-open / open): open the URL above yourself');
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    onSignal = (why) => {
      if (stopping) process.exit(0); // A second Ctrl-C means now.
      stopping = true;
      log.info(`shutting down (${why})`);
      const deadline = setTimeout(() => {
        log.warn('shutdown took too long; exiting anyway');
        resolve();
      }, SHUTDOWN_BUDGET_MS);
      deadline.unref();
      void runtime.close().finally(() => {
        clearTimeout(deadline);
        resolve();
      });
    };
    if (pendingSignal) onSignal(pendingSignal);
  });
  // Parts may hold handles (watchers, sockets to remote services); the gateway is done, so is the process.
  process.exit(0);
}
