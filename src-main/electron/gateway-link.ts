// The app's gateway: started in-process through the gateway runtime, or — when a clawbar gateway
// already listens on the port (`clawbar gateway` in a terminal, a second build) — attached to.
// No Electron here: the main process passes its checked URL opener in.
import { verifyGateway } from '../../src-shared/gateway-proof.js';
import { resolvePaths, type Env } from '../core/config/paths.js';
import { GatewayVerificationError, gatewayHttpUrl, nodeProofHost, probeGateway } from '../core/gateway/health-probe.js';
import { gatewayOrigins } from '../core/gateway/origin.js';
import { PortInUseError } from '../core/gateway/server.js';
import { loadOrCreateGatewayToken } from '../core/gateway/token.js';
import { createLogger } from '../core/log/logger.js';
import { startRuntime, type Runtime } from '../core/runtime/start.js';

import type { NotifyEvent } from '../../src-shared/protocol/index.js';

const log = createLogger('electron/gateway');

export interface GatewayLink {
  mode: 'in-process' | 'attached';
  port: number;
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  /** `ws://127.0.0.1:<port>/ws` */
  url: string;
  token: string;
  /** The origins the renderer's pages have (the IPC sender check trusts exactly these). */
  origins: string[];
  /** `http://127.0.0.1:<port>/#token=…` */
  dashboardUrl: string;
  /** The in-process runtime; null when attached to another process's gateway. */
  runtime: Runtime | null;
  /**
   * Subscribes to the gateway's `notify` events inside this process — in time for the ones fired
   * at startup, before any WebSocket client could connect. Null when attached (use the feed).
   */
  onNotify: ((listener: (event: NotifyEvent) => void) => () => void) | null;
  /**
   * Opens the dashboard URL (it carries the token) with `open`, once the gateway on the port has
   * proved it holds the token: an attached gateway may have stopped and its port been taken.
   */
  openDashboard(open: (url: string) => Promise<unknown>): Promise<void>;
  /** Stops the in-process gateway (its parts kill running login children); a no-op when attached. */
  close(): Promise<void>;
}

export interface GatewayLinkOptions {
  env?: Env;
  /** Opens login URLs in the browser (the main process passes safeOpenExternal). */
  openUrl: (url: string) => void | Promise<void>;
  /** For tests: a port other than config's. */
  port?: number;
}

function linkFor(port: number, token: string): Omit<GatewayLink, 'mode' | 'runtime' | 'onNotify' | 'close'> {
  const httpUrl = gatewayHttpUrl(port);
  const dashboardUrl = `${httpUrl}/#token=${encodeURIComponent(token)}`;
  return {
    port,
    httpUrl,
    url: `ws://127.0.0.1:${port}/ws`,
    token,
    origins: gatewayOrigins(port),
    dashboardUrl,
    async openDashboard(open) {
      await verifyGateway(httpUrl, token, nodeProofHost);
      await open(dashboardUrl);
    },
  };
}

/**
 * Starts the gateway in this process; when the port is taken by a clawbar gateway, attaches to
 * it with the token from gateway.token instead. A port taken by something else is an error that
 * says so.
 */
export async function startOrAttachGateway(options: GatewayLinkOptions): Promise<GatewayLink> {
  const env = options.env ?? process.env;
  try {
    const runtime = await startRuntime({
      env,
      openUrl: options.openUrl,
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    return {
      mode: 'in-process',
      ...linkFor(runtime.gateway.port, runtime.token),
      runtime,
      onNotify: (listener) =>
        runtime.gateway.onBroadcast((event, payload) => {
          if (event === 'notify') listener(payload as NotifyEvent);
        }),
      close: () => runtime.close(),
    };
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    const port = error.port;
    // The running gateway read the same token file (or CLAWBAR_GATEWAY_TOKEN), so this is its token
    // — if it is our gateway at all: it must prove that before the app (and its renderer) uses it.
    const { token } = await loadOrCreateGatewayToken(resolvePaths(env).gatewayToken, env);
    const check = await probeGateway(port, token);
    if (check.state !== 'verified') {
      const why = new GatewayVerificationError(check, `127.0.0.1:${port}`).message;
      throw new Error(check.state === 'not-clawbar' ? `${why}; set gateway.port in config.json` : why);
    }
    log.info(`attached to the clawbar gateway ${check.version} already running on port ${port}`);
    return { mode: 'attached', ...linkFor(port, token), runtime: null, onNotify: null, close: async () => undefined };
  }
}
