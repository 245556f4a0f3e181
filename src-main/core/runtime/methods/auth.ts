// `auth.list`, `auth.refresh`, `auth.login.start`, `auth.login.cancel`, `auth.probe`: the profiles,
// re-reading them (after asking the owning CLI to refresh, with `delegate`), re-login, and asking
// the servers whether they still accept the tokens.
import { MethodError } from '../../gateway/handlers.js';

import { need, type MethodContext, type MethodFamily } from './context.js';

export function authMethods(
  ctx: MethodContext,
): MethodFamily<'auth.list' | 'auth.refresh' | 'auth.login.start' | 'auth.login.cancel' | 'auth.probe'> {
  const { services } = ctx;
  return {
    'auth.list': async () => ({ profiles: need(services, 'auth', 'the auth engine').profiles(ctx.now()) }),
    'auth.refresh': async (params) => {
      const auth = need(services, 'auth', 'the auth engine');
      if (params?.delegate) {
        const logins = need(services, 'logins', 'delegated refresh');
        if (!logins.refresh) throw new MethodError('UNAVAILABLE', 'delegated refresh is not available');
        await logins.refresh(params.profileId);
      }
      await auth.reload();
      return { profiles: auth.profiles(ctx.now()) };
    },
    // The runner decides which profiles it can log in, including ones with no profile yet
    // (a first Claude login); it answers with a MethodError for the others.
    'auth.login.start': async ({ profileId, method }) => ({
      loginId: (await need(services, 'logins', 'the login runner').start(profileId, method)).loginId,
    }),
    'auth.login.cancel': async ({ loginId }) => ({
      cancelled: await need(services, 'logins', 'the login runner').cancel(loginId),
    }),
    'auth.probe': async (params) => {
      const auth = need(services, 'auth', 'the auth engine');
      const probe = need(services, 'probe', 'the health probe');
      const profileId = params?.profileId;
      if (profileId !== undefined && !probe.canProbe(profileId)) {
        throw new MethodError(
          'INVALID_REQUEST',
          `${profileId} cannot be checked: only an OAuth login whose token has not expired can be asked about`,
        );
      }
      await probe.probe(profileId);
      return { profiles: auth.profiles(ctx.now()) };
    },
  };
}
