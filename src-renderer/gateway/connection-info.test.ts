import { afterEach, describe, expect, it } from 'vitest';

import {
  forgetBrowserToken,
  isCompactView,
  resolveConnection,
  takeBrowserToken,
  TOKEN_STORAGE_KEY,
  toWebSocketUrl,
} from './connection-info';

afterEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', '/');
  delete window.clawbar;
});

describe('browser token', () => {
  it('takes the token from the fragment, keeps it for reloads and clears it from the address bar', async () => {
    history.replaceState(null, '', '/?view=popover#token=abc123');
    const info = await resolveConnection();
    expect(info).toEqual({ url: `ws://${location.host}/ws`, token: 'abc123' });
    expect(location.hash).toBe('');
    expect(location.search).toBe('?view=popover');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc123');
    // A reload has no fragment any more but still connects.
    expect(takeBrowserToken()).toBe('abc123');
  });

  it('keeps other fragment parameters', () => {
    history.replaceState(null, '', '/#token=t1&compact=1');
    expect(takeBrowserToken()).toBe('t1');
    expect(location.hash).toBe('#compact=1');
  });

  it('has no connection without a token, and forgets a rejected one', async () => {
    expect(await resolveConnection()).toBeNull();
    sessionStorage.setItem(TOKEN_STORAGE_KEY, 'stale');
    forgetBrowserToken();
    expect(await resolveConnection()).toBeNull();
  });
});

describe('Electron bridge', () => {
  it('uses the URL and token the preload hands over', async () => {
    history.replaceState(null, '', '/#token=ignored');
    window.clawbar = {
      getGatewayConnection: () => Promise.resolve({ url: 'http://127.0.0.1:18789/', token: 'from-shell' }),
    };
    expect(await resolveConnection()).toEqual({ url: 'ws://127.0.0.1:18789/ws', token: 'from-shell' });
  });
});

describe('toWebSocketUrl', () => {
  it('accepts http, ws and full /ws URLs', () => {
    expect(toWebSocketUrl('http://127.0.0.1:5000/?view=popover')).toBe('ws://127.0.0.1:5000/ws');
    expect(toWebSocketUrl('ws://127.0.0.1:5000')).toBe('ws://127.0.0.1:5000/ws');
    expect(toWebSocketUrl('ws://127.0.0.1:5000/ws')).toBe('ws://127.0.0.1:5000/ws');
    expect(toWebSocketUrl('https://example.test/x')).toBe('wss://example.test/ws');
  });
});

describe('isCompactView', () => {
  it('is on for ?view=popover, #view=popover or compact=1 and off otherwise', () => {
    for (const [url, compact] of [
      ['/?view=popover', true],
      ['/#compact=1', true],
      ['/#view=popover', true],
      ['/', false],
      ['/?view=full', false],
    ] as const) {
      history.replaceState(null, '', url);
      expect(isCompactView(), url).toBe(compact);
    }
  });
});
