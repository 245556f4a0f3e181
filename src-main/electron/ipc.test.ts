import { describe, expect, it } from 'vitest';

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

describe('setupIpc', () => {
  const gateway = { url: 'ws://127.0.0.1:18789/ws', token: 'secret-token-value', origins };

  it("hands the gateway connection to the app's own popover", async () => {
    const ipcMain = fakeIpcMain();
    setupIpc(ipcMain, () => gateway);
    expect(await ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789/?view=popover')).toEqual({
      url: 'ws://127.0.0.1:18789/ws',
      token: 'secret-token-value',
    });
  });

  it('refuses any other sender without revealing the token', async () => {
    const ipcMain = fakeIpcMain();
    setupIpc(ipcMain, () => gateway);
    for (const url of ['https://evil.example/', 'file:///x.html', null]) {
      const failure = ipcMain.invoke(IPC.getGatewayConnection, url);
      await expect(failure).rejects.toThrow('untrusted sender');
      await expect(failure).rejects.not.toThrow('secret-token-value');
    }
  });

  it('answers an error until the gateway is up, and unregisters cleanly', async () => {
    const ipcMain = fakeIpcMain();
    let current: typeof gateway | null = null;
    const dispose = setupIpc(ipcMain, () => current);
    await expect(ipcMain.invoke(IPC.getGatewayConnection, 'http://127.0.0.1:18789/')).rejects.toThrow('untrusted');
    current = gateway;
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
