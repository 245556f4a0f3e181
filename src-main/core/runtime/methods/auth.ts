// `auth.list`, `auth.refresh`, `auth.login.start`, `auth.login.cancel`: the profiles, re-reading
// them (after asking the owning CLI to refresh, with `delegate`), and re-login.
import { MethodError } from '../../gateway/handlers.js';

import { need, type MethodContext, type MethodFamily } from './context.js';

export function authMethods(
  ctx: MethodContext,
): MethodFamily<'auth.list' | 'auth.refresh' | 'auth.login.start' | 'auth.login.cancel'> {
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
  };
}
