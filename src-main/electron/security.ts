// Rules for every web page the app ever hosts, applied as each WebContents is created (Electron's
// security checklist): no navigation away, no new windows, no webviews, no permissions, and a CSP
// on gateway responses that lack one. Links the user clicks open in the browser, via the one door.

import { safeOpenExternal } from './open-external.js';
import { isPermissionAllowed, navigationDecision } from './window-options.js';

import type { App, Session, Shell } from 'electron';

export interface SecurityDeps {
  app: Pick<App, 'on'>;
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>;
  shell: Pick<Shell, 'openExternal'>;
  /** The CSP for the gateway's pages (static-files.ts dashboardCsp), once its port is known. */
  csp: () => string | null;
}

export function setupSecurity(deps: SecurityDeps): void {
  const openOutside = (url: string) => {
    if (navigationDecision(url) === 'open-external') void safeOpenExternal(deps.shell, url);
  };
  deps.app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      openOutside(url);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url);
      return { action: 'deny' };
    });
  });
  deps.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission)),
  );
  deps.session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  deps.session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    const csp = deps.csp();
    const hasCsp = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
    if (csp && !hasCsp && details.resourceType === 'mainFrame') headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
