// `clawbar dashboard [--no-open]`: the dashboard URL with the gateway token in its fragment (the
// fragment never reaches a server or a Referer), opened in the browser when there is a display.
// The URL carries the token, so it is printed only when our gateway proves itself on the port (or
// nothing answers yet), and opened only for a gateway that proved itself (gateway-proof.ts).
// Exit 1 when no gateway answers (the URL is still printed, for the gateway that starts later).
import { openDashboardInBrowser } from '../../core/browser/open-dashboard.js';
import { loadConfig } from '../../core/config/load.js';
import { resolvePaths } from '../../core/config/paths.js';
import { GatewayVerificationError, gatewayHttpUrl, probeGateway } from '../../core/gateway/health-probe.js';
import { loadOrCreateGatewayToken } from '../../core/gateway/token.js';
import { CliError } from '../errors.js';

import type { Command } from 'commander';

export async function dashboard(options: { open?: boolean }, command: Command): Promise<void> {
  const paths = resolvePaths(process.env);
  const configPath = command.optsWithGlobals<{ config?: string }>().config ?? paths.config;
  // A ConfigError reaches main's handler, which prints it as one line like any command failure.
  const { port } = (await loadConfig(configPath, process.env)).gateway;
  // Created here when missing, so the URL stays valid for the gateway that starts later.
  const { token } = await loadOrCreateGatewayToken(paths.gatewayToken, process.env);
  const check = await probeGateway(port, token);
  if (check.state === 'unproven' || check.state === 'not-clawbar') {
    throw new CliError(new GatewayVerificationError(check, `127.0.0.1:${port}`).message);
  }
  const url = `${gatewayHttpUrl(port)}/#token=${encodeURIComponent(token)}`;
  process.stdout.write(`${url}\n`);
  // The URL stays valid for the gateway that starts later, but a page with nothing behind it is
  // no dashboard: say so, open nothing, and fail, so a script can tell.
  if (check.state === 'absent') {
    throw new CliError(`no gateway is answering on port ${port} — start it with: clawbar gateway`);
  }
  if (options.open !== false) {
    const opened = await openDashboardInBrowser(url, { clawbarHome: paths.home });
    if (opened === 'no-opener')
      process.stderr.write('clawbar: no browser opener found (xdg-open / open): open the URL yourself\n');
  }
}
