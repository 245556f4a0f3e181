// What clawbar knows about one provider, declared in one file per provider (registry.ts lists
// them). Everything else — auth sources and profile order, usage fetching, re-login, refresh,
// the agent's models and clients, names in menus and notifications — derives from these.
//
// Built for today's providers, shaped for the next ones without changing this shape:
// - a cloud credential (Bedrock, bedrock.ts): its own CredentialSource (`aws`: the shared config
//   files and the SSO cache) in `sources`, a `profileFamily` (`bedrock:<aws profile>`, named at
//   run time) that `findProfile` matches, a CliLogin whose `profileArgs` name the profile
//   (`aws sso login --profile <name>`; config `reauth.aws` exists because the login does), and
//   `settings` of its own in config.json (`providers.bedrock.region`);
// - a chat channel's credentials (`slack:bot`, `whatsapp:<number>`: slack.ts, whatsapp.ts): a descriptor
//   with names and profiles but no `models`, `client`, `usage` or auth order;
// - accounts (`openai-codex:codex-cli@work`): another instance of a declared profile in another
//   CLI home; `findProfile` maps it to its declared profile, the login runs with that home.
import type { ProviderUsage } from '../../../src-shared/protocol/index.js';
import type { ProviderClient } from '../agent/providers/types.js';
import type { CredentialSource } from '../auth/sources/source.js';
import type { Credential, ProfileType } from '../auth/types.js';
import type { Endpoints, Env } from '../config/paths.js';
import type { Account } from '../config/schema.js';
import type { LogSource } from '../usage/cost/types.js';
import type { GetJsonOptions } from '../usage/http-json.js';
import type { z } from 'zod';

export interface ProviderDescriptor {
  /** The id in profile ids (`openai-codex:codex-cli`) and model keys (`openai-codex/gpt-6.1-sol`). */
  id: string;
  /** The full name, where there is room: the dashboard's provider heading (`OpenAI Codex`). */
  displayName: string;
  /** The name people use in a short line: tray menu, tooltip, notifications (`Codex`). */
  shortName: string;
  /** Every profile clawbar can know for this provider, in the order they are listed. */
  profiles: readonly ProfileDescriptor[];
  /**
   * Profiles named at run time (`bedrock:<aws profile>`): any `<provider>:<name>` not declared in
   * `profiles` is one of these, with this source, type and login.
   */
  profileFamily?: Omit<ProfileDescriptor, 'id'> & {
    /** The names a member may have: anything else is no profile (a name ends up on a command line). */
    names: RegExp;
  };
  /** The order the agent tries profiles in when config `auth.order` does not say (DESIGN.md §3). */
  authOrder?: readonly string[];
  /**
   * The profile shown as `missing` when the agent depends on this provider and it has no profile
   * at all (so `models status` says what to do instead of staying silent).
   */
  standIn?: string;
  /** Credential stores of the provider's own tools, read and watched by the auth engine. */
  sources?: readonly CredentialSource[];
  /** Further logins of the provider's CLI, each in a home of its own (config `accounts`). */
  accounts?: AccountsDescriptor;
  /** Usage windows, when the provider's logins have them. */
  usage?: UsageDescriptor;
  /** The agent's models for this provider (the built-in catalog); none for a credential that is not an LLM's. */
  models?: readonly ModelEntry[];
  /** The provider's published model list, read with a credential clawbar already holds (the live catalog). */
  catalog?: CatalogDescriptor;
  /** The agent's client; it must load its SDK only on the first request. */
  client?: (context: ClientContext) => ProviderClient;
  /**
   * The provider's own settings in config.json, `providers.<id>` (Bedrock's `region`): a strict
   * object schema, every key optional. Validated with the rest of the file; the client reads them.
   */
  settings?: z.ZodObject;
  /** What to do when no login of this provider is usable: the text after "run:" in the agent's reply. */
  noLoginHint?: string;
  /** The provider's CLI whose local logs record its token use (usage/cost/): `clawbar usage`, the daily chart. */
  localLogs?: LogSource;
  /** A channel linked as a device (WhatsApp): its profiles are fixed by linking it again. */
  relink?: RelinkDescriptor;
}

/** How a device-linked channel is linked again: `channels.link {channel}` in the UI, `command` in a terminal. */
export interface RelinkDescriptor {
  channel: string;
  command: string;
}

export interface ProfileDescriptor {
  /** `<provider>:<name>`. */
  id: string;
  /**
   * Where the credential lives, as the profile view shows it: `codex-cli`, `claude-cli`, `env`,
   * `clawbar`, `keychain` — or `channel`: the chat channel reads it and reports where it found it.
   */
  source: string;
  type: ProfileType;
  /** For an `env` profile: the variable holding the key. */
  envVar?: string;
  /** How clawbar renews it on request (the Re-login button), when it can. */
  login?: LoginDescriptor;
  /** The CLI that owns the token refreshes it when asked (`codex app-server`), so clawbar never has to. */
  delegatedRefresh?: boolean;
  /** A long-lived token a CLI prints once and clawbar keeps (`clawbar auth add-token <provider>`). */
  token?: LongLivedToken;
  /** For a channel token: the name `clawbar secrets set <name>` stores it under (`slack-bot-token`). */
  secret?: string;
}

/** A long-lived OAuth token minted by a CLI command, pasted into clawbar: no refresh, a known lifetime. */
export interface LongLivedToken {
  /** The command that prints it: `claude setup-token`. */
  command: string;
  /** How long it lasts from when it is added: its expiry is tracked from then. */
  lifetimeMs: number;
  /** Every such token starts so (`sk-ant-oat01-`): anything else is refused before it is stored. */
  prefix: string;
}

/** A CLI whose login clawbar runs (`codex`, `claude`, `aws`): its key in config `reauth` (command, args, timeout). */
export type LoginCli = string;

export type LoginDescriptor = CliLogin | OwnLogin;

/** The provider's own CLI signs in again and rewrites its file; clawbar watches it land. */
export interface CliLogin {
  kind: 'cli';
  cli: LoginCli;
  /**
   * The profile this login renews: what `clawbar relogin <cli>` and the tray's row report on.
   * Absent for the login of a profile family, which renews the profile it is started for.
   */
  profileId?: string;
  /** The default command and arguments (config `reauth.<cli>` overrides them). */
  command: string;
  args: readonly string[];
  /** Arguments naming the profile to renew, put after `args` (`--profile <name>` for `aws sso login`). */
  profileArgs?: (profileId: string) => string[];
  /**
   * The hosts of the sign-in pages the CLI prints: the first URL on one of them is the one opened.
   * A string is a host name; a pattern matches whole host names (a region inside it).
   */
  loginHosts: ReadonlyArray<string | RegExp>;
  /** The line announcing a device code, the code on it or on the next code-shaped line (`Enter this one-time code`). */
  codePrompt?: RegExp;
  /** The environment variable that overrides the command (tests point it at a fake CLI). */
  commandEnv: string;
  /** The one line shown when the executable is not installed. */
  installHint: string;
  /**
   * The flag that turns the login into a device-code login (a link and a one-time code, finished
   * on another device): `codex login --device-auth`. Absent: the CLI has none.
   */
  deviceFlag?: string;
  /**
   * The CLI opens the sign-in page itself: on macOS it cannot be told not to, elsewhere it goes
   * through `$BROWSER` first, which clawbar points at a no-op so its own checked opener is the one tab.
   */
  opensBrowser?: boolean;
}

/**
 * How a provider's CLI keeps several logins: one home per account. An account's profiles are the
 * declared `profiles` with `@<account>` after them; its login is theirs, run with `homeEnv` set.
 */
export interface AccountsDescriptor {
  /** The variable naming the CLI's home (`CODEX_HOME`): an account's login runs with it set to the account's home. */
  homeEnv: string;
  /** The default home's name in the user's home (`.codex`): a new account's goes beside it (`~/.codex-<id>`). */
  homeDir: string;
  /** The declared profiles one home gives (the first is the one its login renews). */
  profiles: readonly string[];
  /** The source that reads one account's home. */
  source(account: Account): CredentialSource;
}

/** clawbar's own OAuth login (PKCE), run by clawbar itself. */
export interface OwnLogin {
  kind: 'own';
  /** The terminal command that runs it, for messages (`clawbar auth login openai-codex`). */
  command: string;
  /** The CLI login whose `reauth.<cli>.timeout` also bounds this one (it has no command of its own). */
  timeoutFrom: LoginCli;
  /** It can also be finished on another device with a one-time code (the auth server's device flow). */
  device?: boolean;
}

export interface UsageDescriptor {
  /** Profiles whose token reads the windows, preferred first (clawbar's own login before the CLI's). */
  profiles: readonly string[];
  /** Fetches and labels the windows with one OAuth token; throws a UsageError on any failure. */
  fetch(
    credential: Credential & { accessToken: string },
    endpoints: Endpoints,
    options: Omit<GetJsonOptions, 'headers'>,
  ): Promise<ProviderUsage>;
}

/** What a provider's client and catalog fetcher are made with. */
export interface ClientContext {
  /** Base URLs (DESIGN.md §2). */
  endpoints: Endpoints;
  /** The environment the process runs with (an SDK's own variables: `AWS_REGION`, `AWS_PROFILE`…). */
  env: Env;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  /** This provider's `settings` from config.json as they are now (a change applies to the next request). */
  settings: () => Readonly<Record<string, unknown>>;
}

export interface CatalogDescriptor {
  /**
   * The provider's current models, fetched with one of its usable credentials (tried in auth
   * order). Throws on any failure: the cached or the built-in list stands meanwhile.
   */
  fetch(credential: Credential, context: ClientContext & { signal: AbortSignal }): Promise<ModelEntry[]>;
}

/** One model of a catalog: built in, or as the provider lists it. */
export interface ModelEntry {
  /** The model id the provider's API expects (`gpt-6.1-sol`). */
  name: string;
  /** Tokens; 0 when the provider does not say (its list has no such field). */
  contextWindow: number;
  input: ReadonlyArray<'text' | 'image'>;
  /** The model `agent.model` defaults to (one in the whole registry). */
  default?: boolean;
}
