// `clawbar channels login whatsapp`: links this machine as a device of the user's phone. The QR
// code is printed in the terminal (again each time WhatsApp rotates it) until the phone scans it;
// the device state lands in $CLAWBAR_HOME/whatsapp, where a running gateway picks it up.
import { errorMessage } from '../../../src-shared/error-message.js';
import { qrTerminal } from '../../../src-shared/qr-code.js';
import { CliError } from '../errors.js';

import type { WhatsAppSocketFactory } from '../../core/channels/whatsapp-socket.js';
import type { Command } from 'commander';

export interface WhatsAppLoginOptions {
  env: Record<string, string | undefined>;
  configPath?: string;
  out: { write(text: string): unknown };
  /** Tests: the socket stand-in. */
  socketFactory?: WhatsAppSocketFactory;
  /** Aborting stops the pairing (Ctrl-C). */
  signal?: AbortSignal;
}

/** Links WhatsApp; resolves with the linked number (`+1555…`). */
export async function loginWhatsApp(options: WhatsAppLoginOptions): Promise<string> {
  const { resolveEndpoints, resolvePaths } = await import('../../core/config/paths.js');
  const { loadConfig } = await import('../../core/config/load.js');
  const { loadWhatsAppAuthState } = await import('../../core/channels/whatsapp-auth-state.js');
  const { createWhatsAppChannel } = await import('../../core/channels/whatsapp.js');
  const paths = resolvePaths(options.env);
  const config = await loadConfig(options.configPath ?? paths.config, options.env);
  const store = await loadWhatsAppAuthState(paths.whatsappDir);
  const account = await store.account();
  if (store.isLinked() && account && !account.loggedOut) {
    options.out.write(`WhatsApp is already linked as +${account.number} (state in ${paths.whatsappDir})\n`);
    return `+${account.number}`;
  }
  const channel = createWhatsAppChannel({
    config: { ...config.channels.whatsapp, enabled: true },
    agent: { send: () => ({ runId: '', done: Promise.resolve({ text: '' }) }) as never },
    dir: paths.whatsappDir,
    wsUrl: resolveEndpoints(options.env).whatsappWsUrl,
    answer: false,
    ...(options.socketFactory ? { socketFactory: options.socketFactory } : {}),
  });
  let shown: string | undefined;
  channel.onStatus((view) => {
    if (!view.qr || view.qr === shown) return;
    shown = view.qr;
    options.out.write(
      `\n${qrTerminal(view.qr)}\n\nScan it in WhatsApp: Settings → Linked devices → Link a device (the code changes every 20 s).\n`,
    );
  });
  const onAbort = () => void channel.stop();
  options.signal?.addEventListener('abort', onAbort);
  try {
    await channel.start();
    await channel.link!();
    const number = channel.status().botUserId ?? '?';
    options.out.write(`linked WhatsApp as ${number}\n`);
    if (!config.channels.whatsapp.enabled) {
      options.out.write(
        'set "channels": {"whatsapp": {"enabled": true}} in config.json so the gateway answers on it\n',
      );
    }
    return number;
  } catch (error) {
    if (options.signal?.aborted) throw new CliError('cancelled', 130);
    throw new CliError(`WhatsApp was not linked: ${errorMessage(error)}`);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await channel.stop();
  }
}

export async function channelsLogin(name: string, _options: unknown, command?: Command): Promise<void> {
  if (name !== 'whatsapp') throw new CliError(`unknown channel "${name}": use whatsapp`);
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    await loginWhatsApp({
      env: process.env,
      ...(globals.config ? { configPath: globals.config } : {}),
      out: process.stdout,
      signal: abort.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
