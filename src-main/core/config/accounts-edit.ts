// Adding and removing an account (issue 17) in a config file: the one implementation behind
// `clawbar accounts add|remove` and the gateway's `accounts.add|remove`. Pure edits of the raw file
// (every other key kept as it is), checked in full by the config schema before anyone writes them.
import { ACCOUNT_ID, ACCOUNT_ID_RULE } from '../../../src-shared/account-name.js';
import { accountMainProfile, accountProviders, findProvider } from '../providers/registry.js';

import { ConfigError, resolveConfig } from './load.js';

import type { Env } from './paths.js';
import type { Account, ConfigFile } from './schema.js';

/** The providers that have CLI accounts, with the home a new account gets by default. */
export function accountHomes(): Array<{ provider: string; homeDir: string }> {
  return accountProviders().map((provider) => ({ provider, homeDir: findProvider(provider)!.accounts!.homeDir }));
}

function checkProvider(provider: string): void {
  if (!accountProviders().includes(provider)) {
    throw new ConfigError(
      `${provider.slice(0, 64)} has no CLI accounts — use one of: ${accountProviders().join(', ')}`,
    );
  }
}

/** The home an account gets when none is named: `~/.codex-work` (the CLI's own home, suffixed). */
export function defaultAccountHome(provider: string, id: string): string {
  checkProvider(provider);
  return `~/${findProvider(provider)!.accounts!.homeDir}-${id}`;
}

export interface AddedAccount {
  /** The whole file with the account added: what to write. */
  next: ConfigFile;
  /** The account as the resolved config has it (home absolute). */
  account: Account;
  /** The profile its login renews (`openai-codex:codex-cli@work`). */
  profileId: string;
}

/**
 * `file` with account `id` of `provider` added (home `options.home`, else the default one). A
 * provider without accounts, a bad id, an id or a home already taken: a one-line ConfigError, and
 * nothing to write.
 */
export function addAccount(
  file: ConfigFile,
  provider: string,
  id: string,
  options: { home?: string; label?: string },
  env: Env,
): AddedAccount {
  checkProvider(provider);
  if (!ACCOUNT_ID.test(id)) throw new ConfigError(`the account name "${id.slice(0, 40)}" ${ACCOUNT_ID_RULE}`);
  const list = file.accounts?.[provider] ?? [];
  if (list.some((entry) => entry.id === id)) throw new ConfigError(`${provider} already has an account "${id}"`);
  const home = options.home ?? defaultAccountHome(provider, id);
  const next: ConfigFile = {
    ...file,
    accounts: {
      ...file.accounts,
      [provider]: [...list, { id, ...(options.label ? { label: options.label } : {}), home }],
    },
  };
  // Checked in full (the home's form, a twin home, the label) before anything is written.
  const account = resolveConfig(next, env).accounts.find((a) => a.provider === provider && a.id === id)!;
  return { next, account, profileId: accountMainProfile(account)! };
}

export interface RemovedAccount {
  next: ConfigFile;
  /** The entry as the file had it; its home is left as it is. */
  removed: { id: string; label?: string | undefined; home: string };
}

/**
 * `file` without account `id` of `provider` (and without an `accounts` key left empty); null when
 * it has no such account (each caller says where to look).
 */
export function removeAccount(file: ConfigFile, provider: string, id: string): RemovedAccount | null {
  checkProvider(provider);
  const list = file.accounts?.[provider] ?? [];
  const removed = list.find((candidate) => candidate.id === id);
  if (!removed) return null;
  const accounts = Object.fromEntries(
    Object.entries({ ...file.accounts, [provider]: list.filter((entry) => entry !== removed) }).filter(
      ([, entries]) => entries.length > 0,
    ),
  );
  const { accounts: _old, ...others } = file;
  return { next: Object.keys(accounts).length > 0 ? { ...others, accounts } : others, removed };
}
