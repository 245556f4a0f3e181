// Profile ids of accounts (issue 17): a further login of a CLI, in a home of its own, is the same
// declared profile with `@<account>` after it (`openai-codex:codex-cli@work`). The default home
// keeps the plain id, so nothing that existed before accounts changes name.

import { ACCOUNT_ID } from '../../../src-shared/account-name.js';

export { ACCOUNT_ID } from '../../../src-shared/account-name.js';

/** `openai-codex:codex-cli` + `work` → `openai-codex:codex-cli@work`; no account → the id itself. */
export function withAccount(profileId: string, account: string | null | undefined): string {
  return account ? `${profileId}@${account}` : profileId;
}

/** `openai-codex:codex-cli@work` → base `openai-codex:codex-cli`, account `work`; a plain id has account null. */
export function splitAccount(profileId: string): { base: string; account: string | null } {
  const at = profileId.lastIndexOf('@');
  // `@` only counts after the `<provider>:` part (a WhatsApp number or an own-store name never has one there).
  const account = profileId.slice(at + 1);
  if (at <= profileId.indexOf(':') || !ACCOUNT_ID.test(account)) return { base: profileId, account: null };
  return { base: profileId.slice(0, at), account };
}
