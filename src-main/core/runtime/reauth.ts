// Re-login and refresh as a capability of the runtime: `auth.login.start` / `auth.login.cancel`
// run the login runner (CLI logins and clawbar's own), whose progress goes out as
// `login.progress`; `auth.refresh {delegate:true}` asks the owning CLI to refresh (or refreshes
// clawbar's own login under the shared lock); both refresh automatically before expiry while the
// gateway runs. Stopping it kills any running login.
import { createOwnStore } from '../auth/own-store.js';
import { loginCommandOf } from '../config/schema.js';
import { MethodError } from '../gateway/handlers.js';
import { createLogger } from '../log/logger.js';
import { delegatedRefreshProfileId, ownLogin } from '../providers/registry.js';
import { createDelegatedRefresher } from '../reauth/delegated-refresh.js';
import { createLoginRunner } from '../reauth/login-runner.js';
import { callbackPorts } from '../reauth/openai-oauth.js';
import { runOwnDeviceLogin } from '../reauth/own-device-login.js';
import { runOwnLogin } from '../reauth/own-login.js';
import { createOwnRefresher } from '../reauth/own-refresh.js';
import { LoginError } from '../reauth/types.js';
import { VERSION } from '../version.js';

import type { AuthEngine } from '../auth/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { LoginService } from './services.js';

export type ReauthDeps = RuntimeDeps & { auth: AuthEngine };

/** Starts the login runner and both refreshers; its service answers `auth.login.*` and `auth.refresh {delegate}`. */
export function startReauth(deps: ReauthDeps): Running<LoginService> {
  const { auth, config, paths, env, endpoints, publish } = deps;
  const log = createLogger('reauth');
  const store = createOwnStore({ file: paths.authProfiles, secrets: deps.secrets });
  const { profileId: ownProfileId, timeoutFrom } = ownLogin();
  const delegatedProfileId = delegatedRefreshProfileId();
  const runner = createLoginRunner({
    // Read when a login starts, so a changed command or timeout applies to the next one.
    config,
    auth,
    openUrl: (url) => deps.openUrl(url),
    env,
    logger: log,
    ownLogin: ({ method, onUrl, onDeviceCode, signal }) =>
      method === 'device'
        ? runOwnDeviceLogin({ authBaseUrl: endpoints.openaiAuthUrl, store, onDeviceCode, signal, logger: log })
        : runOwnLogin({
            authBaseUrl: endpoints.openaiAuthUrl,
            store,
            ports: callbackPorts(env),
            onUrl,
            signal,
            // The runner's own timeout ends it first.
            timeoutMs: loginCommandOf(config.current(), timeoutFrom).timeoutMs + 60_000,
            logger: log,
          }),
  });
  const unsubscribe = runner.onProgress((progress) => publish('login.progress', progress));

  const delegated = createDelegatedRefresher({
    config,
    auth,
    codexAuthFile: paths.codexAuth,
    env,
    logger: log,
    clientVersion: VERSION,
  });
  const own = createOwnRefresher({
    store,
    authBaseUrl: endpoints.openaiAuthUrl,
    lockDir: paths.lockDir,
    refreshBeforeMs: config.current().reauth.refreshBeforeMs,
    auth,
    logger: log,
  });

  const service: LoginService = {
    start(profileId, method) {
      try {
        return { loginId: runner.start(profileId, method).loginId };
      } catch (error) {
        if (error instanceof LoginError) throw new MethodError('INVALID_REQUEST', error.message);
        throw error;
      }
    },
    cancel: (loginId) => runner.cancel(loginId),
    list: () => runner.logins(),
    async refresh(profileId = delegatedProfileId) {
      if (profileId === ownProfileId) {
        const current = auth.credential(ownProfileId)?.accessToken;
        try {
          await own.refresh(current);
          return;
        } catch (error) {
          throw new MethodError('UNAVAILABLE', (error as Error).message);
        }
      }
      const result = await delegated.refresh(profileId);
      if (result.outcome === 'failed') {
        throw new MethodError('UNAVAILABLE', result.detail ?? 'delegated refresh failed');
      }
      if (result.outcome === 'skipped') {
        // Another profile, or too soon after the last attempt: say why nothing happened.
        const code = delegated.handles(profileId) ? 'UNAVAILABLE' : 'INVALID_REQUEST';
        throw new MethodError(code, result.detail ?? `${profileId} cannot be refreshed`);
      }
    },
  };

  delegated.start();
  own.start();
  return {
    service,
    stop: async () => {
      unsubscribe();
      await runner.dispose();
      await delegated.stop();
      await own.stop();
    },
  };
}
