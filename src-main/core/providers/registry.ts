// The providers clawbar knows, in the order every list shows them (CLI, dashboard, tray), and the
// questions the rest of clawbar asks about them. To add a provider: write its descriptor file
// beside this one and list it in PROVIDERS; nothing else names it.
import { splitAccount, withAccount } from '../auth/account-id.js';
import { providerOf } from '../auth/reading.js';

import { anthropic } from './anthropic.js';
import { bedrock } from './bedrock.js';
import { discord } from './discord.js';
import { openaiCodex } from './openai-codex.js';
import { openai } from './openai.js';
import { slack } from './slack.js';
import { whatsapp } from './whatsapp.js';

import type { LoginTarget } from '../../../src-shared/protocol/index.js';
import type { CredentialSource } from '../auth/sources/source.js';
import type { ProfileType } from '../auth/types.js';
import type { Account } from '../config/schema.js';
import type { LogSource } from '../usage/cost/types.js';
import type {
  CliLogin,
  LoginCli,
  LoginDescriptor,
  LongLivedToken,
  ModelEntry,
  OwnLogin,
  ProfileDescriptor,
  ProviderDescriptor,
} from './types.js';

export const PROVIDERS: readonly ProviderDescriptor[] = [
  openaiCodex,
  anthropic,
  openai,
  bedrock,
  slack,
  whatsapp,
  discord,
];

const byId = new Map(PROVIDERS.map((provider) => [provider.id, provider]));
const profiles = new Map(PROVIDERS.flatMap((provider) => provider.profiles.map((p) => [p.id, p] as const)));

/** A provider's descriptor, or undefined for an id clawbar does not know. */
export function findProvider(id: string): ProviderDescriptor | undefined {
  return byId.get(id);
}

/**
 * A declared profile, one of a provider's profile family (`bedrock:work`), or undefined (a
 * profile clawbar's own store holds under another name). An account's profile
 * (`openai-codex:codex-cli@work`) is its declared profile in another home.
 */
export function findProfile(profileId: string): ProfileDescriptor | undefined {
  const declared = profiles.get(profileId) ?? profiles.get(splitAccount(profileId).base);
  if (declared) return declared;
  const provider = providerOf(profileId);
  const family = byId.get(provider)?.profileFamily;
  if (!family || !family.names.test(profileId.slice(provider.length + 1))) return undefined;
  const { names: _names, ...descriptor } = family;
  return { id: profileId, ...descriptor };
}

/** `Codex` for menus, the tray and notifications; an unknown provider keeps its id. */
export function shortName(provider: string): string {
  return byId.get(provider)?.shortName ?? provider;
}

/** `OpenAI Codex` for headings; an unknown provider keeps its id. */
export function displayName(provider: string): string {
  return byId.get(provider)?.displayName ?? provider;
}

/** The profile's credential type; one clawbar does not declare counts as an API key (static). */
export function profileType(profileId: string): ProfileType {
  return findProfile(profileId)?.type ?? 'api_key';
}

/** The `source` a declared profile shows (`codex-cli`, `env`, …), or null. */
export function profileSource(profileId: string): string | null {
  return findProfile(profileId)?.source ?? null;
}

/** How clawbar can renew a profile (the Re-login button), or undefined. */
export function loginOf(profileId: string): LoginDescriptor | undefined {
  return findProfile(profileId)?.login;
}

/** Whether its login can also be finished on another device with a one-time code (issue 18). */
export function hasDeviceLogin(profileId: string): boolean {
  const login = loginOf(profileId);
  return login?.kind === 'cli' ? login.deviceFlag !== undefined : login?.kind === 'own' && login.device === true;
}

/** Every credential source the providers declare, each once. */
export function credentialSources(): CredentialSource[] {
  return [...new Set(PROVIDERS.flatMap((provider) => provider.sources ?? []))];
}

/** The sources of the configured accounts (config `accounts`), one per account of a provider that has them. */
export function accountSources(accounts: readonly Account[]): CredentialSource[] {
  return accounts.flatMap((account) => byId.get(account.provider)?.accounts?.source(account) ?? []);
}

/** Providers whose CLI keeps further logins in homes of their own (config `accounts` accepts them). */
export function accountProviders(): string[] {
  return PROVIDERS.filter((provider) => provider.accounts).map((provider) => provider.id);
}

/** The variable naming the home of `provider`'s CLI (`CODEX_HOME`), or undefined without accounts. */
export function accountHomeEnv(provider: string): string | undefined {
  return byId.get(provider)?.accounts?.homeEnv;
}

/** The profile an account's login renews and whose status stands for the account (`openai-codex:codex-cli@work`). */
export function accountMainProfile(account: Pick<Account, 'provider' | 'id'>): string | undefined {
  const first = byId.get(account.provider)?.accounts?.profiles[0];
  return first ? withAccount(first, account.id) : undefined;
}

/**
 * What reads one set of usage windows: a provider's default login (`key` = the provider id) or one
 * of its accounts (`key` = `<provider>@<account>`), with its profiles preferred first.
 */
export interface UsageTarget {
  key: string;
  provider: string;
  account: string | null;
  profiles: readonly string[];
}

/** The usage target a key names, or undefined for a provider without usage. */
export function usageTarget(key: string): UsageTarget | undefined {
  const at = key.indexOf('@');
  const provider = at === -1 ? key : key.slice(0, at);
  const account = at === -1 ? null : key.slice(at + 1);
  const descriptor = byId.get(provider);
  if (!descriptor?.usage) return undefined;
  if (account === null) return { key, provider, account, profiles: descriptor.usage.profiles };
  const homeProfiles = descriptor.accounts?.profiles ?? [];
  const ids = descriptor.usage.profiles.filter((id) => homeProfiles.includes(id)).map((id) => withAccount(id, account));
  return { key, provider, account, profiles: ids };
}

/** The usage targets of these profiles: every provider with usage, then each account a profile belongs to. */
export function usageTargets(profileIds: Iterable<string>): UsageTarget[] {
  const keys = usageProviders().map((provider) => provider.id);
  for (const id of profileIds) {
    const { account } = splitAccount(id);
    const key = account && `${providerOf(id)}@${account}`;
    if (key && !keys.includes(key) && usageTarget(key)?.profiles.includes(id)) keys.push(key);
  }
  return keys.map((key) => usageTarget(key)!);
}

/** Every `env` profile with the variable it reads. */
export function envProfiles(): { id: string; variable: string }[] {
  return PROVIDERS.flatMap((provider) =>
    provider.profiles.flatMap((p) => (p.source === 'env' && p.envVar ? [{ id: p.id, variable: p.envVar }] : [])),
  );
}

/** Profiles kept in clawbar's own store (its own login, keys added with `clawbar auth add-key`), with what to run while absent. */
export function ownStoreProfiles(): { id: string; absent: string }[] {
  return PROVIDERS.flatMap((provider) =>
    provider.profiles.flatMap((p) => {
      if (p.login?.kind === 'own')
        return [{ id: p.id, absent: `not logged in with clawbar (run \`${p.login.command}\`)` }];
      if (p.token) return [{ id: p.id, absent: `no token added (run \`clawbar auth add-token ${provider.id}\`)` }];
      if (p.source === 'keychain')
        return [{ id: p.id, absent: `no key added (run \`clawbar auth add-key ${provider.id}\`)` }];
      return [];
    }),
  );
}

/** Providers whose API key `clawbar auth add-key <provider>` stores. */
export function apiKeyProviders(): string[] {
  return PROVIDERS.filter((provider) =>
    provider.profiles.some((p) => p.source === 'keychain' && p.type === 'api_key'),
  ).map((p) => p.id);
}

/** Every CLI login, each once, in provider order (a profile family's too). */
export function cliLogins(): CliLogin[] {
  const logins = PROVIDERS.flatMap((provider) =>
    [...provider.profiles, ...(provider.profileFamily ? [provider.profileFamily] : [])].flatMap((p) =>
      p.login?.kind === 'cli' ? [p.login] : [],
    ),
  );
  return [...new Set(logins)];
}

/** The login a CLI runs (`codex` → `codex login`). */
export function cliLogin(cli: LoginCli): CliLogin {
  const login = cliLogins().find((candidate) => candidate.cli === cli);
  if (!login) throw new Error(`no provider declares the ${cli} login`);
  return login;
}

/** clawbar's own OAuth login: the profile it fills, with its command and timeout. */
export type OwnLoginProfile = Omit<OwnLogin, 'kind'> & { profileId: string };

/** The own login of a provider (`clawbar auth login <provider>`), or undefined. */
export function ownLoginOf(provider: string): OwnLoginProfile | undefined {
  for (const p of byId.get(provider)?.profiles ?? []) {
    if (p.login?.kind === 'own') {
      const { kind: _own, ...login } = p.login;
      return { profileId: p.id, ...login };
    }
  }
  return undefined;
}

/** Providers with an own login. */
export function ownLoginProviders(): string[] {
  return PROVIDERS.filter((provider) => ownLoginOf(provider.id)).map((provider) => provider.id);
}

/** clawbar's own OAuth login (the one login clawbar refreshes itself). */
export function ownLogin(): OwnLoginProfile {
  const provider = ownLoginProviders()[0];
  if (!provider) throw new Error('no provider declares an own login');
  return ownLoginOf(provider)!;
}

/** The profile whose CLI clawbar asks to refresh it (`codex app-server`). */
export function delegatedRefreshProfileId(): string {
  const profile = PROVIDERS.flatMap((provider) => provider.profiles).find((p) => p.delegatedRefresh);
  if (!profile) throw new Error('no provider declares a delegated refresh');
  return profile.id;
}

/** The order the agent tries a provider's profiles in when config `auth.order` does not say. */
export function defaultAuthOrder(provider: string): readonly string[] {
  return byId.get(provider)?.authOrder ?? [];
}

/** What to run when no login of `provider` is usable (the text after "run:"). */
export function noLoginHint(provider: string): string {
  return byId.get(provider)?.noLoginHint ?? 'clawbar models status';
}

/** Providers whose logins have usage windows. */
export function usageProviders(): (ProviderDescriptor & { usage: NonNullable<ProviderDescriptor['usage']> })[] {
  return PROVIDERS.flatMap((provider) => (provider.usage ? [{ ...provider, usage: provider.usage }] : []));
}

/** Providers with settings of their own in config.json (`providers.<id>`), with their schemas. */
export function providerSettings(): { id: string; schema: NonNullable<ProviderDescriptor['settings']> }[] {
  return PROVIDERS.flatMap((provider) => (provider.settings ? [{ id: provider.id, schema: provider.settings }] : []));
}

/** Providers whose model list can be fetched live. */
export function catalogProviders(): (ProviderDescriptor & { catalog: NonNullable<ProviderDescriptor['catalog']> })[] {
  return PROVIDERS.flatMap((provider) => (provider.catalog ? [{ ...provider, catalog: provider.catalog }] : []));
}

/** The provider whose CLI writes the local logs of `source` (`codex` → openai-codex); the source itself if none declares it. */
export function providerOfLogs(source: LogSource): string {
  return PROVIDERS.find((provider) => provider.localLogs === source)?.id ?? source;
}

/** The built-in model catalog, provider by provider. */
export function catalogEntries(): (ModelEntry & { provider: string })[] {
  return PROVIDERS.flatMap((provider) => (provider.models ?? []).map((model) => ({ ...model, provider: provider.id })));
}

/** The model `agent.model` defaults to: `<provider>/<model>`. */
export const DEFAULT_MODEL: string = (() => {
  const entry = catalogEntries().find((model) => model.default);
  if (!entry) throw new Error('no provider declares the default model');
  return `${entry.provider}/${entry.name}`;
})();

/**
 * The CLI logins the tray offers as `Re-login <name>…`, also before their profile exists (a first
 * login). A profile family's login is not among them: it needs a profile to name, and shows on it.
 */
export function loginTargets(): LoginTarget[] {
  return cliLogins().flatMap((login) => {
    if (!login.profileId) return [];
    const provider = providerOf(login.profileId);
    return {
      profileId: login.profileId,
      provider,
      name: shortName(provider),
      command: [login.command, ...login.args].join(' '),
    };
  });
}

/** The long-lived token profile of a provider (`clawbar auth add-token <provider>`), or undefined. */
export function longLivedTokenOf(provider: string): (LongLivedToken & { profileId: string }) | undefined {
  const profile = byId.get(provider)?.profiles.find((p) => p.token);
  return profile?.token ? { profileId: profile.id, ...profile.token } : undefined;
}

/** Providers that take a long-lived token. */
export function tokenProviders(): string[] {
  return PROVIDERS.filter((provider) => provider.profiles.some((p) => p.token)).map((p) => p.id);
}
