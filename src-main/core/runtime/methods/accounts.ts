// `accounts.list`, `accounts.add`, `accounts.remove` (issue 17): the dashboard's accounts. `add`
// writes config.json (the running parts follow the new config), then starts the account's login
// like `auth.login.start` would, so its progress arrives as `login.progress` like any other login.
import { errorMessage } from '../../../../src-shared/error-message.js';

import { need, type MethodContext, type MethodFamily } from './context.js';

export function accountsMethods(
  ctx: MethodContext,
): MethodFamily<'accounts.list' | 'accounts.add' | 'accounts.remove'> {
  const { services } = ctx;
  return {
    'accounts.list': async () => need(services, 'accounts', 'accounts').list(),
    'accounts.add': async ({ provider, name, label, login, method }) => {
      const account = await need(services, 'accounts', 'accounts').add(provider, name, label);
      if (login === false) return { account, loginId: null };
      // The account is in config.json by now: a login that cannot start is said, not undone.
      const logins = services.logins;
      if (!logins) return { account, loginId: null, loginError: 'the login runner is not running in this gateway' };
      try {
        return { account, loginId: (await logins.start(account.profileId, method)).loginId };
      } catch (error) {
        return { account, loginId: null, loginError: errorMessage(error) };
      }
    },
    'accounts.remove': async ({ provider, name }) => ({
      account: await need(services, 'accounts', 'accounts').remove(provider, name),
    }),
  };
}
