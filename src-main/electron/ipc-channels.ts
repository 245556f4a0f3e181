// Every IPC channel between the preload and the main process, declared once (electron/fiddle's
// ipc-events.ts). The preload exposes exactly these and nothing else.
export const IPC = {
  /** invoke → `{ url, token }`: where the renderer's WebSocket goes and how it authenticates. */
  getGatewayConnection: 'clawbar:get-gateway-connection',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** What `window.clawbar.getGatewayConnection()` resolves with in the renderer. */
export interface GatewayConnectionInfo {
  /** `ws://127.0.0.1:<port>/ws` */
  url: string;
  token: string;
}
