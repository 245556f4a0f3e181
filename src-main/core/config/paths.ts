import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every location and endpoint of DESIGN.md §2, resolved once from an environment. */
export interface ClawbarPaths {
  home: string;
  config: string;
  authProfiles: string;
  gatewayToken: string;
  /** `$CLAWBAR_HOME/state`: notification memory, Discord pairing hints. */
  stateDir: string;
  notified: string;
  /** `$CLAWBAR_HOME/whatsapp`: the linked device's Signal keys and session (Baileys auth state). */
  whatsappDir: string;
  /** `$CLAWBAR_HOME/state/history.db`: usage samples, agent turns, what the CLIs' logs held. */
  historyDb: string;
  sessionsDir: string;
  logsDir: string;
  gatewayLog: string;
  lockDir: string;
  codexHome: string;
  codexAuth: string;
  codexConfigToml: string;
  claudeConfigDir: string;
  claudeCredentials: string;
}

export interface Endpoints {
  chatgptBaseUrl: string;
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  openaiAuthUrl: string;
  discordApiUrl: string | null;
  /** Slack Web API base with its trailing `/` (`CLAWBAR_SLACK_API_URL`); null means slack.com. */
  slackApiUrl: string | null;
  /** WhatsApp Web's WebSocket (`CLAWBAR_WHATSAPP_WS_URL`); null means Baileys' default, web.whatsapp.com. */
  whatsappWsUrl: string | null;
}

export type Env = Record<string, string | undefined>;

function userHome(env: Env): string {
  return env.HOME || os.homedir();
}

/** Resolves clawbar's own files and the Codex / Claude credential locations. */
export function resolvePaths(env: Env = process.env): ClawbarPaths {
  const home = path.resolve(env.CLAWBAR_HOME || path.join(userHome(env), '.clawbar'));
  const codexHome = path.resolve(env.CODEX_HOME || path.join(userHome(env), '.codex'));
  const claudeConfigDir = path.resolve(env.CLAUDE_CONFIG_DIR || path.join(userHome(env), '.claude'));
  return {
    home,
    config: path.join(home, 'config.json'),
    authProfiles: path.join(home, 'auth-profiles.json'),
    gatewayToken: path.join(home, 'gateway.token'),
    stateDir: path.join(home, 'state'),
    notified: path.join(home, 'state', 'notified.json'),
    whatsappDir: path.join(home, 'whatsapp'),
    historyDb: path.join(home, 'state', 'history.db'),
    sessionsDir: path.join(home, 'sessions'),
    logsDir: path.join(home, 'logs'),
    gatewayLog: path.join(home, 'logs', 'gateway.log'),
    lockDir: path.join(home, 'locks'),
    codexHome,
    codexAuth: path.join(codexHome, 'auth.json'),
    codexConfigToml: path.join(codexHome, 'config.toml'),
    claudeConfigDir,
    claudeCredentials: path.join(claudeConfigDir, '.credentials.json'),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Base URLs of the services clawbar talks to; tests point them at loopback servers. */
export function resolveEndpoints(env: Env = process.env): Endpoints {
  return {
    chatgptBaseUrl: trimSlash(env.CLAWBAR_CHATGPT_BASE_URL || 'https://chatgpt.com/backend-api'),
    anthropicBaseUrl: trimSlash(env.CLAWBAR_ANTHROPIC_BASE_URL || 'https://api.anthropic.com'),
    openaiBaseUrl: trimSlash(env.OPENAI_BASE_URL || 'https://api.openai.com/v1'),
    openaiAuthUrl: trimSlash(env.CLAWBAR_OPENAI_AUTH_URL || 'https://auth.openai.com'),
    discordApiUrl: env.CLAWBAR_DISCORD_API_URL ? trimSlash(env.CLAWBAR_DISCORD_API_URL) : null,
    // The Slack SDK joins method names straight onto this base, so it keeps one trailing `/` (docs/channels.md#slack).
    slackApiUrl: env.CLAWBAR_SLACK_API_URL ? `${trimSlash(env.CLAWBAR_SLACK_API_URL)}/` : null,
    whatsappWsUrl: env.CLAWBAR_WHATSAPP_WS_URL || null,
  };
}

/**
 * The keychain account Codex uses for its keyring store: `cli|` + the first 16 hex digits of
 * sha256 of the canonical CODEX_HOME path (docs/codex-cli.md#keyring-storage).
 */
export function codexKeyringAccount(codexHome: string): string {
  let canonical = codexHome;
  try {
    canonical = realpathSync(codexHome);
  } catch {
    // CODEX_HOME may not exist yet; Codex hashes the path it would create.
  }
  return `cli|${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

export const DEFAULT_GATEWAY_PORT = 18789;
