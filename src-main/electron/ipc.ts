// IPC handlers, every one registered through `handleTrusted`, which answers only frames loaded
// from the app's own origins (the gateway that serves the renderer). Anything else — a page the
// popover was tricked into loading, a subframe from elsewhere — gets an error and nothing more:
// no token, no dashboard opened, no quit.

import { errorMessage } from '../../src-shared/error-message.js';
import { createLogger } from '../core/log/logger.js';

import { IPC, type IpcChannel } from './ipc-channels.js';

import type { GatewayConnectionInfo } from '../../src-shared/gateway-client.js';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';

const log = createLogger('electron/ipc');

/** True when `frameUrl` is loaded from one of `trustedOrigins` (exact origin match). Pure. */
export function isTrustedSender(frameUrl: string | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frameUrl) return false;
  let origin: string;
  try {
    origin = new URL(frameUrl).origin;
  } catch {
    return false;
  }
  return origin !== 'null' && trustedOrigins.includes(origin);
}

type InvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/**
 * Registers `handler` on `channel` behind the sender check; returns the unregister function.
 * `trustedOrigins` is read per call because the gateway's port is known only once it listens.
 */
export function handleTrusted<T>(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  channel: IpcChannel,
  trustedOrigins: () => readonly string[],
  handler: (event: InvokeEvent) => T | Promise<T>,
): () => void {
  ipcMain.handle(channel, (event: InvokeEvent) => {
    const url = event.senderFrame?.url;
    if (!isTrustedSender(url, trustedOrigins())) {
      log.warn(`refused ${channel} from an untrusted frame`);
      throw new Error(`${channel}: untrusted sender`);
    }
    return handler(event);
  });
  return () => ipcMain.removeHandler(channel);
}

export interface IpcDeps {
  /** The running gateway and the origins its pages load from; null until it listens. */
  gateway: () => (GatewayConnectionInfo & { origins: readonly string[] }) | null;
  /** Opens the dashboard as the tray menu's Open Dashboard does. */
  openDashboard(): Promise<unknown>;
  /** Quits as the tray menu's Quit does (the clean shutdown of lifecycle.ts). */
  quit(): void;
}

/**
 * Registers the app's IPC, one handler per channel in ipc-channels.ts, all behind the same sender
 * check; returns the function that unregisters them all.
 */
export function setupIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: IpcDeps): () => void {
  const origins = () => deps.gateway()?.origins ?? [];
  const disposers = [
    handleTrusted(ipcMain, IPC.getGatewayConnection, origins, (): GatewayConnectionInfo => {
      const current = deps.gateway();
      if (!current) throw new Error('the gateway is not running yet');
      return { url: current.url, token: current.token };
    }),
    handleTrusted(ipcMain, IPC.openDashboard, origins, async (): Promise<void> => {
      try {
        await deps.openDashboard();
      } catch (error) {
        // The page gets no detail (an error from opening a URL may quote the URL, token and all); the log
        // line gets it through the logger's redaction, which blanks the token.
        log.warn(`opening the dashboard failed: ${errorMessage(error)}`);
        throw new Error('the dashboard could not be opened');
      }
    }),
    handleTrusted(ipcMain, IPC.quit, origins, (): void => deps.quit()),
  ];
  return () => disposers.forEach((dispose) => dispose());
}
