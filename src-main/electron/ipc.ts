// IPC handlers, every one registered through `handleTrusted`, which answers only frames loaded
// from the app's own origins (the gateway that serves the renderer). Anything else — a page the
// popover was tricked into loading, a subframe from elsewhere — gets an error and nothing more.

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

/** Registers the app's IPC: today only the gateway connection the preload hands the renderer. */
export function setupIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  gateway: () => (GatewayConnectionInfo & { origins: readonly string[] }) | null,
): () => void {
  return handleTrusted(
    ipcMain,
    IPC.getGatewayConnection,
    () => gateway()?.origins ?? [],
    (): GatewayConnectionInfo => {
      const current = gateway();
      if (!current) throw new Error('the gateway is not running yet');
      return { url: current.url, token: current.token };
    },
  );
}
