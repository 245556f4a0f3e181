// openai-codex: ChatGPT's Codex backend, reached with a ChatGPT login — the Codex CLI's own
// (`codex login`, kept in `$CODEX_HOME/auth.json` or its keychain item) or clawbar's own (PKCE,
// `clawbar auth login openai-codex`). Its login has usage windows (`{chatgpt}/wham/usage`).
import { fetchCodexModels } from '../agent/providers/catalog-fetch.js';
import { createOpenAICodexClient } from '../agent/providers/openai-codex.js';
import { withAccount } from '../auth/account-id.js';
import { codexCliSource } from '../auth/sources/codex-cli-source.js';
import { fetchCodexUsage } from '../usage/codex-usage.js';

import type { CliLogin, ModelEntry, ProviderDescriptor } from './types.js';

const OWN = 'openai-codex:default';
const CODEX_CLI = 'openai-codex:codex-cli';
/** The Codex CLI logged in with an API key: a profile of `openai`, read from the same file. */
export const CODEX_CLI_API_KEY = 'openai:codex-cli';

/** `codex login`: renews the Codex CLI's login, whichever mode it is in. */
export const CODEX_LOGIN: CliLogin = {
  kind: 'cli',
  cli: 'codex',
  profileId: CODEX_CLI,
  // `codex auth login` is an alias only newer Codex versions accept (DESIGN.md §5, docs/codex-cli.md#codex-login).
  command: 'codex',
  args: ['login'],
  commandEnv: 'CLAWBAR_CODEX_BIN',
  installHint: 'Codex CLI not found — install it with: npm install -g @openai/codex',
  // The browser flow's authorize page, the device flow's page (docs/codex-cli.md#codex-login).
  loginHosts: ['auth.openai.com'],
  codePrompt: /one-time code/i,
  // Codex opens the page itself, through $BROWSER first on Linux (docs/codex-cli.md#codex-login).
  opensBrowser: true,
  // docs/device-code-login.md: a link and a one-time code instead of the local callback server.
  deviceFlag: '--device-auth',
};

/** The Codex CLI's credential store, which holds one login: ChatGPT tokens or an API key. */
export const CODEX_CLI_SOURCE = codexCliSource({ chatgpt: CODEX_CLI, apiKey: CODEX_CLI_API_KEY });

const TEXT_IMAGE = ['text', 'image'] as const;
// The models Codex CLI 0.169 lists, in its order (`codex debug models --bundled`;
// openai-codex.real-cli.test.ts compares them). The first is the one the CLI itself starts with.
const models: ModelEntry[] = [
  { name: 'gpt-6.1-sol', contextWindow: 272_000, input: TEXT_IMAGE, default: true },
  { name: 'gpt-6-astra', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-6-sol', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-6-luna', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-5.6-sol', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-6.1-terra', contextWindow: 500_000, input: TEXT_IMAGE },
  { name: 'gpt-5.6-terra', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-5.6-luna', contextWindow: 272_000, input: TEXT_IMAGE },
  { name: 'gpt-5.5', contextWindow: 272_000, input: TEXT_IMAGE },
];

export const openaiCodex: ProviderDescriptor = {
  id: 'openai-codex',
  displayName: 'OpenAI Codex',
  shortName: 'Codex',
  profiles: [
    {
      id: OWN,
      source: 'clawbar',
      type: 'oauth',
      login: { kind: 'own', command: 'clawbar auth login openai-codex', timeoutFrom: 'codex', device: true },
    },
    { id: CODEX_CLI, source: 'codex-cli', type: 'oauth', login: CODEX_LOGIN, delegatedRefresh: true },
  ],
  // clawbar's own login first: refreshing it never touches the CLI's single-use refresh token.
  authOrder: [OWN, CODEX_CLI],
  standIn: CODEX_CLI,
  sources: [CODEX_CLI_SOURCE],
  accounts: {
    homeDir: '.codex',
    homeEnv: 'CODEX_HOME',
    profiles: [CODEX_CLI, CODEX_CLI_API_KEY],
    source: (account) =>
      codexCliSource(
        { chatgpt: withAccount(CODEX_CLI, account.id), apiKey: withAccount(CODEX_CLI_API_KEY, account.id) },
        account,
      ),
  },
  usage: {
    profiles: [OWN, CODEX_CLI],
    fetch: (credential, endpoints, options) =>
      fetchCodexUsage({
        ...options,
        baseUrl: endpoints.chatgptBaseUrl,
        accessToken: credential.accessToken,
        accountId: credential.accountId,
      }),
  },
  models,
  // The list Codex itself fetches: `{chatgpt}/codex/models` (docs/codex-backend.md#model-list).
  catalog: { fetch: fetchCodexModels },
  client: ({ endpoints, timeoutMs }) => createOpenAICodexClient({ baseUrl: endpoints.chatgptBaseUrl, timeoutMs }),
  noLoginHint: 'codex login (or click Re-login in clawbar)',
  localLogs: 'codex',
};
