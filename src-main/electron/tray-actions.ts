// What each tray menu action does. The requests go to the gateway like the dashboard's would.
import { errorMessage } from '../../src-shared/error-message.js';

import type { MethodName, MethodParams, MethodResults } from '../../src-shared/protocol/index.js';
import type { TrayAction } from './tray-model.js';

export interface TrayActionDeps {
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]>;
  openDashboard(): Promise<unknown>;
  launchAtLogin(): boolean;
  setLaunchAtLogin(enabled: boolean): void;
  /** Re-renders the tray (after a change the gateway does not announce, like Launch at Login). */
  render(): void;
  quit(): void;
  onError(message: string): void;
}

/** Returns the handler the tray menu calls; every failure ends in `onError`, never a throw. */
export function createTrayActions(deps: TrayActionDeps): (action: TrayAction) => void {
  const report = (what: string) => (error: unknown) => deps.onError(`${what} failed: ${errorMessage(error)}`);
  return (action) => {
    switch (action.kind) {
      case 'relogin':
        void deps
          .request('auth.login.start', {
            profileId: action.profileId,
            ...(action.method ? { method: action.method } : {}),
          })
          .catch(report('re-login'));
        return;
      case 'refresh':
        void Promise.all([deps.request('auth.refresh', {}), deps.request('usage.refresh', {})]).catch(
          report('refresh'),
        );
        return;
      case 'open-dashboard':
        void deps.openDashboard().catch(report('opening the dashboard'));
        return;
      case 'toggle-launch-at-login':
        deps.setLaunchAtLogin(!deps.launchAtLogin());
        deps.render();
        return;
      case 'quit':
        deps.quit();
        return;
    }
  };
}
