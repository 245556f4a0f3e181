// Re-login and refresh as a part of the gateway runtime (core/gateway/runtime.ts):
// `auth.login.start` / `auth.login.cancel` run the login runner (CLI logins and clawbar's own),
// whose progress goes out as `login.progress`; `auth.refresh {delegate:true}` asks Codex to
// refresh (or refreshes clawbar's own login under the shared lock); both refresh automatically
// before expiry while the gateway runs. Quitting the gateway kills any running login.
import { createOwnStore, OWN_CODEX_PROFILE_ID } from '../auth/own-store.js';
import { createLogger } from '../log/logger.js';
import { createDelegatedRefresher, DELEGATED_PROFILE_ID } from '../reauth/delegated-refresh.js';
import { createLoginRunner } from '../reauth/login-runner.js';
import { callbackPorts } from '../reauth/openai-oauth.js';
import { runOwnLogin } from '../reauth/own-login.js';
import { createOwnRefresher } from '../reauth/own-refresh.js';
import { LoginError } from '../reauth/types.js';
import { VERSION } from '../version.js';

import { MethodError } from './services.js';

import type { RuntimeContext } from './start.js';

/** Starts the login runner and both refreshers, and plugs them into `ctx.services.logins`. */
export const reauthPart = {
  name: 'login runner and refresh',
  start(ctx: RuntimeContext): void {
    const auth = ctx.auth;
    if (!auth) throw new Error('it needs the auth engine');
    const log = createLogger('reauth');
    const config = ctx.config();
    const store = createOwnStore({
      file: ctx.paths.authProfiles,
      secrets: ctx.secrets,
    });
    const runner = createLoginRunner({
      // The live view: config.set (codex command, args) applies to the next login.
      config: ctx.live,
      auth,
      openUrl: (url) => ctx.openUrl(url),
      env: ctx.env,
      logger: log,
      ownLogin: ({ onUrl, signal }) =>
        runOwnLogin({
          authBaseUrl: ctx.endpoints.openaiAuthUrl,
          store,
          ports: callbackPorts(ctx.env),
          onUrl,
          signal,
          // The runner's own timeout ends it first.
          timeoutMs: ctx.config().reauth.codex.timeoutMs + 60_000,
          logger: log,
        }),
    });
    runner.onProgress((progress) => ctx.gateway.broadcast('login.progress', progress));

    const delegated = createDelegatedRefresher({
      config: ctx.live,
      auth,
      codexAuthFile: ctx.paths.codexAuth,
      env: ctx.env,
      logger: log,
      clientVersion: VERSION,
    });
    const own = createOwnRefresher({
      store,
      authBaseUrl: ctx.endpoints.openaiAuthUrl,
      lockDir: ctx.paths.lockDir,
      refreshBeforeMs: config.reauth.refreshBeforeMs,
      auth,
      logger: log,
    });

    ctx.services.logins = {
      start(profileId) {
        try {
          return { loginId: runner.start(profileId).loginId };
        } catch (error) {
          if (error instanceof LoginError) throw new MethodError('INVALID_REQUEST', error.message);
          throw error;
        }
      },
      cancel: (loginId) => runner.cancel(loginId),
      list: () => runner.logins(),
      async refresh(profileId = DELEGATED_PROFILE_ID) {
        if (profileId === OWN_CODEX_PROFILE_ID) {
          const current = auth.credential(OWN_CODEX_PROFILE_ID)?.accessToken;
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
          const code = profileId === DELEGATED_PROFILE_ID ? 'UNAVAILABLE' : 'INVALID_REQUEST';
          throw new MethodError(code, result.detail ?? `${profileId} cannot be refreshed`);
        }
      },
    };

    delegated.start();
    own.start();
    ctx.onClose(async () => {
      await runner.dispose();
      await delegated.stop();
      await own.stop();
    });
  },
};
