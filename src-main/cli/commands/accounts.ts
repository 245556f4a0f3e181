// `clawbar accounts list|add|remove` (issue 17): further logins of a provider's CLI, each in a home
// of its own, kept in config.json `accounts`. `add` writes the entry and runs the CLI's login into
// the new home; `remove` drops the entry and leaves the home (and the login in it) as it is.
import { CliError } from '../errors.js';

import type * as RegistryModule from '../../core/providers/registry.js';
import type { Command } from 'commander';

type Registry = typeof RegistryModule;

type Globals = { config?: string };

async function load(command: Command) {
  const [{ resolvePaths }, { readConfigFile, writeConfigFile }, registry] = await Promise.all([
    import('../../core/config/paths.js'),
    import('../../core/config/load.js'),
    import('../../core/providers/registry.js'),
  ]);
  const paths = resolvePaths(process.env);
  const file = (command.optsWithGlobals() as Globals).config ?? paths.config;
  return { paths, file, readConfigFile, writeConfigFile, registry };
}

/** The provider named on the command line, checked against the providers that have CLI accounts. */
function checkProvider(provider: string, known: string[]): void {
  if (!known.includes(provider)) {
    throw new CliError(`${provider} has no CLI accounts — use one of: ${known.join(', ')}`);
  }
}

export async function accountsList(options: { json?: boolean }, command: Command): Promise<void> {
  const [{ loadAuthContext }, { createAuthEngine }, { accountMainProfile }] = await Promise.all([
    import('../../core/auth/context.js'),
    import('../../core/auth/engine.js'),
    import('../../core/providers/registry.js'),
  ]);
  const context = await loadAuthContext(process.env, (command.optsWithGlobals() as Globals).config);
  const engine = createAuthEngine({ ...context, watch: false, rememberSeen: false });
  await engine.start();
  const profiles = engine.profiles();
  await engine.stop();
  const rows = context.config.accounts.map((account) => {
    const profile = profiles.find((p) => p.id === accountMainProfile(account));
    return {
      provider: account.provider,
      id: account.id,
      label: account.label,
      home: account.home,
      profileId: profile?.id ?? null,
      status: profile?.status ?? 'missing',
      ...(profile?.email ? { email: profile.email } : {}),
      detail: profile?.detail ?? null,
    };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ accounts: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('no accounts — add one with: clawbar accounts add <provider> <id>\n');
    return;
  }
  for (const row of rows) {
    const label = row.label !== row.id ? ` "${row.label}"` : '';
    const who = row.email ? ` (${row.email})` : '';
    const detail = row.status === 'missing' || row.status === 'expired' ? (row.detail ? ` — ${row.detail}` : '') : '';
    process.stdout.write(`- ${row.provider}@${row.id}${label} ${row.status}${who} ${row.home}${detail}\n`);
  }
}

export async function accountsAdd(
  provider: string,
  id: string,
  options: { home?: string; label?: string; login?: boolean },
  command: Command,
): Promise<void> {
  const { paths, file, readConfigFile, writeConfigFile, registry } = await load(command);
  const { addAccount } = await import('../../core/config/accounts-edit.js');
  checkProvider(provider, registry.accountProviders());
  const { next, account, profileId } = addAccount(
    await readConfigFile(file),
    provider,
    id,
    {
      ...(options.home !== undefined ? { home: options.home } : {}),
      ...(options.label ? { label: options.label } : {}),
    },
    process.env,
  );
  await writeConfigFile(file, next);
  process.stdout.write(
    `added ${provider}@${id} (home ${account.home}) to ${file === paths.config ? 'config.json' : file}\n`,
  );
  if (options.login === false) {
    process.stdout.write(`log it in with: clawbar relogin ${loginCli(registry, provider)} --account ${id}\n`);
    return;
  }
  const { loginInTerminal } = await import('./relogin.js');
  await loginInTerminal(loginCli(registry, provider), profileId, file);
}

function loginCli(registry: Registry, provider: string) {
  const login = registry.loginOf(registry.findProvider(provider)!.accounts!.profiles[0]!);
  if (login?.kind !== 'cli') throw new CliError(`${provider} accounts have no CLI login`);
  return login.cli;
}

export async function accountsRemove(provider: string, id: string, _options: unknown, command: Command): Promise<void> {
  const { paths, file, readConfigFile, writeConfigFile, registry } = await load(command);
  const { removeAccount } = await import('../../core/config/accounts-edit.js');
  checkProvider(provider, registry.accountProviders());
  const edit = removeAccount(await readConfigFile(file), provider, id);
  if (!edit) throw new CliError(`${provider} has no account "${id}" (see clawbar accounts list)`);
  const { next, removed } = edit;
  await writeConfigFile(file, next);
  process.stdout.write(
    `removed ${provider}@${id} from ${file === paths.config ? 'config.json' : file}; its home ${removed.home} is left as it is\n`,
  );
}
