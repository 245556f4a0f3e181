import { describe, expect, it } from 'vitest';

import { isPermissionAllowed, navigationDecision, popoverUrl, popoverWindowOptions } from './window-options.js';

describe('popoverWindowOptions', () => {
  it('locks the renderer down: isolation, sandbox, no Node anywhere, no webview', () => {
    const options = popoverWindowOptions('/app/dist/electron/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('is a frameless window that waits hidden until it is positioned', () => {
    expect(popoverWindowOptions('/p')).toMatchObject({
      frame: false,
      show: false,
      skipTaskbar: true,
      resizable: false,
    });
  });
});

describe('popoverUrl', () => {
  it('loads the compact renderer from the gateway, dropping any token-bearing fragment', () => {
    expect(popoverUrl('http://127.0.0.1:18789')).toBe('http://127.0.0.1:18789/?view=popover');
    expect(popoverUrl('http://127.0.0.1:4000/#token=abc')).toBe('http://127.0.0.1:4000/?view=popover');
  });
});

describe('navigationDecision', () => {
  it('sends https links and http on loopback to the browser and drops everything else', () => {
    expect(navigationDecision('https://chatgpt.com/codex')).toBe('open-external');
    expect(navigationDecision('http://127.0.0.1:18789/')).toBe('open-external');
    expect(navigationDecision('http://example.com/')).toBe('deny');
    expect(navigationDecision('file:///etc/passwd')).toBe('deny');
    expect(navigationDecision('javascript:alert(1)')).toBe('deny');
    expect(navigationDecision('vscode://open?x')).toBe('deny');
    expect(navigationDecision('not a url')).toBe('deny');
  });
});

describe('isPermissionAllowed', () => {
  it('grants the pages nothing, notifications included (the main process shows those)', () => {
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });

  it('but writing the clipboard, for the Copy buttons (a device login’s code), never reading it', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    expect(isPermissionAllowed('clipboard-read')).toBe(false);
    expect(isPermissionAllowed('deprecated-sync-clipboard-read')).toBe(false);
  });
});
