// What clawbar knows about one provider, declared in one file per provider (registry.ts lists
// them). Everything else — auth sources and profile order, usage fetching, re-login, refresh,
// the agent's models and clients, names in menus and notifications — derives from these.
//
// Built for today's providers, shaped for the next ones without changing this shape:
// - a cloud credential (Bedrock): its own CredentialSource (`aws`, the SDK's chain and the SSO
//   cache) in `sources`, a profile family `bedrock:<aws profile>` that `findProfile` matches, and
//   a CliLogin (`aws sso login --profile <name>`, with its `reauth.aws` config key);
// - a chat channel's credentials (`slack:bot`, `whatsapp:<number>`: slack.ts, whatsapp.ts): a descriptor
//   with names and profiles but no `models`, `client`, `usage` or auth order;
// - accounts (`openai-codex:codex-cli@work`): another instance of a declared profile in another
//   CLI home; `findProfile` maps it to its declared profile, the login runs with that home.
import type { ProviderUsage } from '../../../src-shared/protocol/index.js';
import type { ProviderClient } from '../agent/providers/types.js';
import type { CredentialSource } from '../auth/sources/source.js';
import type { Credential, ProfileType } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';
import type { Account, Config } from '../config/schema.js';
import type { LogSource } from '../usage/cost/types.js';
import type { GetJsonOptions } from '../usage/http-json.js';

export interface ProviderDescriptor {
  /** The id in profile ids (`openai-codex:codex-cli`) and model keys (`openai-codex/gpt-6.1-sol`). */
  id: string;
  /** The full name, where there is room: the dashboard's provider heading (`OpenAI Codex`). */
  displayName: string;
  /** The name people use in a short line: tray menu, tooltip, notifications (`Codex`). */
  shortName: string;
  /** Every profile clawbar can know for this provider, in the order they are listed. */
  profiles: readonly ProfileDescriptor[];
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
  /** The agent's models for this provider; none for a credential that is not an LLM's. */
  models?: readonly ModelEntry[];
  /** The agent's client; it must load its SDK only on the first request. */
  client?: (endpoints: Endpoints, timeoutMs: number) => ProviderClient;
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
  /** For a channel token: the name `clawbar secrets set <name>` stores it under (`slack-bot-token`). */
  secret?: string;
}

/** The CLIs whose login clawbar runs: the keys of config `reauth` (command, args, timeout). */
export type LoginCli = Exclude<keyof Config['reauth'], 'refreshBeforeMs'>;

export type LoginDescriptor = CliLogin | OwnLogin;

/** The provider's own CLI signs in again and rewrites its file; clawbar watches it land. */
export interface CliLogin {
  kind: 'cli';
  cli: LoginCli;
  /** The profile this login renews: what `clawbar relogin <cli>` and the tray's row report on. */
  profileId: string;
  /** The default command and arguments (config `reauth.<cli>` overrides them). */
  command: string;
  args: readonly string[];
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

/** One model of the built-in catalog. */
export interface ModelEntry {
  /** The model id the provider's API expects (`gpt-6.1-sol`). */
  name: string;
  contextWindow: number;
  input: ReadonlyArray<'text' | 'image'>;
  /** The model `agent.model` defaults to (one in the whole registry). */
  default?: boolean;
}
