// `accounts.list|add|remove` (issue 17): the dashboard's "add an account", backed by config.json
// through the same edits as `clawbar accounts add|remove` (config/accounts-edit.ts). Over the
// gateway an account gets the default home for its name — never a path or a program from the
// frame: whoever holds the token chooses a name, and clawbar chooses where the CLI writes.
import { accountHomes, addAccount, removeAccount } from '../config/accounts-edit.js';
import { ConfigError } from '../config/load.js';
import { accountMainProfile } from '../providers/registry.js';

import type { AccountEntryView } from '../../../src-shared/protocol/index.js';
import type { Env } from '../config/paths.js';
import type { Account } from '../config/schema.js';
import type { AccountsService } from './services.js';
import type { ConfigEditor } from './settings.js';

function entryView(account: Account): AccountEntryView {
  const { provider, id, label, home } = account;
  return { provider, id, label, home, profileId: accountMainProfile(account)! };
}

/** The accounts service over config.json (`editor`), homes resolved against `env`'s HOME. */
export function createConfigAccounts(editor: ConfigEditor, env: Env): AccountsService {
  return {
    async list() {
      const config = editor.resolve(await editor.read());
      return {
        providers: accountHomes().map(({ provider, homeDir }) => ({ provider, home: `~/${homeDir}-<name>` })),
        accounts: config.accounts.map(entryView),
      };
    },
    async add(provider, name, label) {
      const { result } = await editor.edit((file) => {
        const added = addAccount(file, provider, name, label ? { label } : {}, env);
        return { next: added.next, result: added.account };
      });
      return entryView(result);
    },
    async remove(provider, name) {
      const { result } = await editor.edit((file) => {
        // The entry as resolved (home absolute), for the answer; the home itself is left as it is.
        const entry = editor.resolve(file).accounts.find((a) => a.provider === provider && a.id === name);
        const edit = removeAccount(file, provider, name);
        if (!edit || !entry) throw new ConfigError(`${provider.slice(0, 64)} has no account "${name}"`);
        return { next: edit.next, result: entry };
      });
      return entryView(result);
    },
  };
}
