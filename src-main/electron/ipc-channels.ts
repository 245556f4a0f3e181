// Every IPC channel between the preload and the main process, declared once (electron/fiddle's
// ipc-events.ts). The preload exposes exactly these and nothing else.
export const IPC = {
  /** invoke → `{ url, token }`: where the renderer's WebSocket goes and how it authenticates. */
  getGatewayConnection: 'clawbar:get-gateway-connection',
  /** invoke → nothing: the popover footer's Dashboard, the tray menu's Open Dashboard. */
  openDashboard: 'clawbar:open-dashboard',
  /** invoke → nothing (the app is going away): the popover footer's Quit, the tray menu's Quit. */
  quit: 'clawbar:quit',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];
