// The sandboxed preload: exposes exactly the functions below to the renderer, one per IPC channel
// declared in ipc-channels.ts, none taking anything from the page. Bundled to CommonJS (sandboxed
// preloads may require only electron).
import { contextBridge, ipcRenderer } from 'electron';

import { IPC } from './ipc-channels.js';

import type { GatewayConnectionInfo } from '../../src-shared/gateway-client.js';

contextBridge.exposeInMainWorld('clawbar', {
  getGatewayConnection: (): Promise<GatewayConnectionInfo> => ipcRenderer.invoke(IPC.getGatewayConnection),
  openDashboard: (): Promise<void> => ipcRenderer.invoke(IPC.openDashboard),
  quit: (): Promise<void> => ipcRenderer.invoke(IPC.quit),
});
