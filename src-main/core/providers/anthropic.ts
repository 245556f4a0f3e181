// anthropic: the Messages API, with Claude Code's login (`claude auth login`, kept in
// `$CLAUDE_CONFIG_DIR/.credentials.json` or on macOS its keychain item) or an API key. Claude
// Code's login has usage windows (`{anthropic}/api/oauth/usage`).
import { createAnthropicClient } from '../agent/providers/anthropic.js';
import { fetchAnthropicModels } from '../agent/providers/catalog-fetch.js';
import { withAccount } from '../auth/account-id.js';
import { claudeCliSource } from '../auth/sources/claude-cli-source.js';
import { fetchClaudeUsage } from '../usage/claude-usage.js';

import type { CliLogin, ModelEntry, ProviderDescriptor } from './types.js';

const CLAUDE_CLI = 'anthropic:claude-cli';

/** `claude auth login`: Claude Code signs in again (it may ask for a pasted code). */
export const CLAUDE_LOGIN: CliLogin = {
  kind: 'cli',
  cli: 'claude',
  profileId: CLAUDE_CLI,
  command: 'claude',
  args: ['auth', 'login'],
  commandEnv: 'CLAWBAR_CLAUDE_BIN',
  installHint: 'Claude Code not found — install it with: npm install -g @anthropic-ai/claude-code',
  // `claude auth login` prints claude.com/cai/oauth/authorize (docs/claude-code.md#claude-auth-login); older versions claude.ai
  // or the Console's pages.
  loginHosts: ['claude.ai', 'claude.com', 'console.anthropic.com', 'platform.claude.com'],
};

const TEXT_IMAGE = ['text', 'image'] as const;
const models: ModelEntry[] = [
  { name: 'claude-opus-4-6', contextWindow: 200_000, input: TEXT_IMAGE },
  { name: 'claude-sonnet-4-6', contextWindow: 200_000, input: TEXT_IMAGE },
  { name: 'claude-haiku-4-5', contextWindow: 200_000, input: TEXT_IMAGE },
];

const SETUP_TOKEN = 'anthropic:setup-token';

export const anthropic: ProviderDescriptor = {
  id: 'anthropic',
  displayName: 'Anthropic',
  shortName: 'Claude',
  profiles: [
    { id: 'anthropic:default', source: 'keychain', type: 'api_key' },
    { id: CLAUDE_CLI, source: 'claude-cli', type: 'oauth', login: CLAUDE_LOGIN },
    { id: 'anthropic:env', source: 'env', type: 'api_key', envVar: 'ANTHROPIC_API_KEY' },
    // docs/claude-code.md#claude-setup-token: "Your OAuth token (valid for 1 year)", an
    // `sk-ant-oat01-` token Claude Code itself takes as CLAUDE_CODE_OAUTH_TOKEN; nothing refreshes it.
    {
      id: SETUP_TOKEN,
      source: 'keychain',
      type: 'oauth',
      token: { command: 'claude setup-token', lifetimeMs: 365 * 24 * 3_600_000, prefix: 'sk-ant-oat01-' },
    },
  ],
  // The long-lived token before Claude Code's login: a gateway that has one does not depend on Claude Code running.
  authOrder: ['anthropic:default', SETUP_TOKEN, CLAUDE_CLI, 'anthropic:env'],
  standIn: CLAUDE_CLI,
  sources: [claudeCliSource(CLAUDE_CLI)],
  accounts: {
    homeDir: '.claude',
    homeEnv: 'CLAUDE_CONFIG_DIR',
    profiles: [CLAUDE_CLI],
    source: (account) => claudeCliSource(withAccount(CLAUDE_CLI, account.id), account),
  },
  usage: {
    profiles: [CLAUDE_CLI],
    fetch: (credential, endpoints, options) =>
      fetchClaudeUsage({ ...options, baseUrl: endpoints.anthropicBaseUrl, accessToken: credential.accessToken }),
  },
  models,
  catalog: { fetch: fetchAnthropicModels },
  client: ({ endpoints, timeoutMs }) => createAnthropicClient({ baseUrl: endpoints.anthropicBaseUrl, timeoutMs }),
  noLoginHint: 'claude auth login (or click Re-login in clawbar)',
  localLogs: 'claude',
};
