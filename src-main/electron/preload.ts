// The sandboxed preload: exposes exactly one function to the renderer, over the one IPC channel
// declared in ipc-channels.ts. Bundled to CommonJS (sandboxed preloads may require only electron).
import { contextBridge, ipcRenderer } from 'electron';

import { IPC } from './ipc-channels.js';

import type { GatewayConnectionInfo } from '../../src-shared/gateway-client.js';

contextBridge.exposeInMainWorld('clawbar', {
  getGatewayConnection: (): Promise<GatewayConnectionInfo> => ipcRenderer.invoke(IPC.getGatewayConnection),
});
