import { describe, expect, it } from 'vitest';

import { captureLogs } from '../../test/fixtures/reauth-helpers.js';

import { IPC } from './ipc-channels.js';
import { handleTrusted, isTrustedSender, setupIpc } from './ipc.js';

/** A stand-in for ipcMain: records handlers and invokes them like Electron does. */
function fakeIpcMain() {
  // Electron's listeners take an IpcMainInvokeEvent; the wrapper reads only `senderFrame.url`.
  const handlers = new Map<string, (event: never) => unknown>();
  return {
    handlers,
    handle: (channel: string, listener: (event: never) => unknown) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
    invoke: async (channel: string, frameUrl: string | null) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
      return (handler as (e: typeof event) => unknown)(event);
    },
  };
}

const origins = ['http://127.0.0.1:18789'];

describe('isTrustedSender', () => {
  it('trusts only frames loaded from the gateway origins', () => {
    expect(isTrustedSender('http://127.0.0.1:18789/?view=popover', origins)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:18789/#x', origins)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:18790/', origins)).toBe(false);
    expect(isTrustedSender('https://127.0.0.1:18789/', origins)).toBe(false);
    expect(isTrustedSender('https://evil.example/', origins)).toBe(false);
    expect(isTrustedSender('file:///tmp/x.html', origins)).toBe(false);
    expect(isTrustedSender('data:text/html,hi', origins)).toBe(false);
    expect(isTrustedSender('', origins)).toBe(false);
    expect(isTrustedSender(undefined, origins)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:18789/', [])).toBe(false);
  });

  // Each of these starts with a trusted origin as text; only an exact origin match may pass.
  it.each([
    'http://127.0.0.1:18789@evil.example/',
    'http://127.0.0.1:18789@evil.example:18789/',
    'http://127.0.0.1:187890/',
    'http://127.0.0.1:18789.evil.example/',
    'http://127.0.0.1:1878/',
    'http://127.0.0.1:18789evil/',
    'http://127.0.0.1:18789%2F@evil.example/',
    'https://127.0.0.1:18789/',
    'ws://127.0.0.1:18789/',
    'http://localhost:18789/',
    'http://[::1]:18789/',
    'http://127.0.0.2:18789/',
    'javascript:http://127.0.0.1:18789/',
  ])('refuses the look-alike sender %s', (url) => {
    expect(isTrustedSender(url, origins)).toBe(false);
  });

  it('trusts the same origin however the URL spells it', () => {
    for (const url of ['HTTP://127.0.0.1:18789/x', 'http://127.0.0.1:18789', 'http://user@127.0.0.1:18789/']) {
      expect(isTrustedSender(url, origins), url).toBe(true);
    }
  });
});

const connection = { url: 'ws://127.0.0.1:18789/ws', token: 'secret-token-value', origins };
const popover = 'http://127.0.0.1:18789/?view=popover';

/** setupIpc with recording stand-ins for the tray's Open Dashboard and Quit. */
function setup(gateway: () => (typeof connection & { origins: readonly string[] }) | null = () => connection) {
  const ipcMain = fakeIpcMain();
  const calls: string[] = [];
  let openFails = false;
  const dispose = setupIpc(ipcMain, {
    gateway,
    openDashboard: async () => {
      calls.push('open-dashboard');
      if (openFails) throw new Error(`cannot open http://127.0.0.1:18789/#token=${connection.token}`);
    },
    quit: () => void calls.push('quit'),
  });
  return { ipcMain, calls, dispose, failOpening: () => (openFails = true) };
}

// What a hostile or stray frame may present as its URL; none of them may use any channel.
const untrusted = [
  'https://evil.example/',
  'http://127.0.0.1:18789@evil.example/',
  'http://127.0.0.1:18790/?view=popover',
  'http://localhost:18789/?view=popover',
  'file:///x.html',
  'data:text/html,<script>clawbar.quit()</script>',
  'about:blank',
  '',
  null,
];

describe('setupIpc', () => {
  it("hands the gateway connection to the app's own popover", async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke(IPC.getGatewayConnection, popover)).toEqual({
      url: 'ws://127.0.0.1:18789/ws',
      token: 'secret-token-value',
    });
  });

  it('refuses any other sender without revealing the token', async () => {
    const { ipcMain } = setup();
    for (const url of untrusted) {
      const failure = ipcMain.invoke(IPC.getGatewayConnection, url);
      await expect(failure).rejects.toThrow('untrusted sender');
      await expect(failure).rejects.not.toThrow('secret-token-value');
    }
  });

  it("opens the dashboard and quits for the app's own pages, as the tray menu does", async () => {
    const { ipcMain, calls } = setup();
    await expect(ipcMain.invoke(IPC.openDashboard, popover)).resolves.toBeUndefined();
    await expect(ipcMain.invoke(IPC.openDashboard, 'http://127.0.0.1:18789/')).resolves.toBeUndefined();
    await expect(ipcMain.invoke(IPC.quit, popover)).resolves.toBeUndefined();
    expect(calls).toEqual(['open-dashboard', 'open-dashboard', 'quit']);
  });

  it.each([IPC.openDashboard, IPC.quit])('refuses %s from every untrusted sender and does nothing', async (channel) => {
    const { ipcMain, calls } = setup();
    for (const url of untrusted)
      await expect(ipcMain.invoke(channel, url), String(url)).rejects.toThrow('untrusted sender');
    expect(calls).toEqual([]);
  });

  it.each([IPC.openDashboard, IPC.quit])(
    'refuses %s before the gateway is up (no origin is trusted yet)',
    async (channel) => {
      const { ipcMain, calls } = setup(() => null);
      await expect(ipcMain.invoke(channel, popover)).rejects.toThrow('untrusted sender');
      expect(calls).toEqual([]);
    },
  );

  it('reports a dashboard that cannot be opened to the page without the URL, and logs it without the token', async () => {
    const { ipcMain, failOpening } = setup();
    const logs = captureLogs();
    try {
      failOpening();
      const failure = ipcMain.invoke(IPC.openDashboard, popover);
      await expect(failure).rejects.toThrow('the dashboard could not be opened');
      await expect(failure).rejects.not.toThrow('secret-token-value');
      expect(logs.lines.join('\n')).toContain('opening the dashboard failed');
      expect(logs.lines.join('\n')).not.toContain('secret-token-value');
    } finally {
      logs.restore();
    }
  });

  it('answers an error until the gateway is up, and unregisters every channel cleanly', async () => {
    let current: typeof connection | null = null;
    const { ipcMain, dispose } = setup(() => current);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
    await expect(ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789/')).rejects.toThrow('untrusted');
    current = connection;
    await expect(ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789/')).resolves.toBeTruthy();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('checks the sender for every handler registered through handleTrusted', async () => {
    const ipcMain = fakeIpcMain();
    let calls = 0;
    handleTrusted(
      ipcMain,
      IPC.getGatewayConnection,
      () => origins,
      () => ++calls,
    );
    await expect(ipcMain.invoke(IPC.getGatewayConnection, 'https://evil.example/')).rejects.toThrow();
    expect(calls).toBe(0);
    expect(await ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789/')).toBe(1);
    await expect(ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789@evil.example/')).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
