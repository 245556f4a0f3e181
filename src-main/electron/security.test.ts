import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { FakeWebContents } from '../../test/fixtures/fake-electron.js';

import { setupSecurity } from './security.js';

function setup(csp: string | null = "default-src 'self'") {
  const app = new EventEmitter();
  const opened: string[] = [];
  const session = {
    requestHandler: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    checkHandler: null as null | ((wc: unknown, permission: string) => boolean),
    headersHandler: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
    setPermissionRequestHandler(h: typeof this.requestHandler) {
      this.requestHandler = h;
    },
    setPermissionCheckHandler(h: typeof this.checkHandler) {
      this.checkHandler = h;
    },
    webRequest: {
      onHeadersReceived: (h: (details: unknown, cb: (r: unknown) => void) => void) => {
        session.headersHandler = h;
      },
    },
  };
  setupSecurity({
    app: app as never,
    session: session as never,
    shell: { openExternal: async (url: string) => void opened.push(url) },
    csp: () => csp,
  });
  const contents = new FakeWebContents();
  app.emit('web-contents-created', {}, contents);
  return { contents, opened, session };
}

describe('setupSecurity', () => {
  it('prevents every navigation and sends http(s) targets to the browser instead', async () => {
    const { contents, opened } = setup();
    expect(contents.fire('will-navigate', 'https://chatgpt.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    await Promise.resolve();
    expect(opened).toEqual(['https://chatgpt.com/']);
  });

  it('denies every new window, opening http(s) ones in the browser', async () => {
    const { contents, opened } = setup();
    expect(contents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://docs.example/']);
  });

  it('grants no permission, notifications included, but the clipboard write of the Copy buttons', () => {
    const { session } = setup();
    const answers: boolean[] = [];
    session.requestHandler!({}, 'notifications', (ok) => answers.push(ok));
    session.requestHandler!({}, 'media', (ok) => answers.push(ok));
    session.requestHandler!({}, 'clipboard-read', (ok) => answers.push(ok));
    session.requestHandler!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, true]);
    expect(session.checkHandler!({}, 'notifications')).toBe(false);
    expect(session.checkHandler!({}, 'clipboard-sanitized-write')).toBe(true);
  });

  it('adds the CSP to page responses that lack one and keeps a CSP the gateway sent', () => {
    const { session } = setup("default-src 'self'");
    const results: unknown[] = [];
    session.headersHandler!({ resourceType: 'mainFrame', responseHeaders: {} }, (r) => results.push(r));
    session.headersHandler!(
      { resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ["default-src 'none'"] } },
      (r) => results.push(r),
    );
    expect(results).toEqual([
      { responseHeaders: { 'Content-Security-Policy': ["default-src 'self'"] } },
      { responseHeaders: { 'content-security-policy': ["default-src 'none'"] } },
    ]);
  });
});
