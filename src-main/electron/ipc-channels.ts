// Every IPC channel between the preload and the main process, declared once (electron/fiddle's
// ipc-events.ts). The preload exposes exactly these and nothing else.
export const IPC = {
  /** invoke → `{ url, token }`: where the renderer's WebSocket goes and how it authenticates. */
  getGatewayConnection: 'clawbar:get-gateway-connection',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];
