import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { codexKeyringAccount, resolveEndpoints, resolvePaths } from './paths.js';

describe('resolvePaths', () => {
  it('puts everything under ~/.clawbar, ~/.codex and ~/.claude by default', () => {
    const paths = resolvePaths({ HOME: '/home/ada' });
    expect(paths).toMatchObject({
      home: '/home/ada/.clawbar',
      config: '/home/ada/.clawbar/config.json',
      authProfiles: '/home/ada/.clawbar/auth-profiles.json',
      gatewayToken: '/home/ada/.clawbar/gateway.token',
      stateDir: '/home/ada/.clawbar/state',
      notified: '/home/ada/.clawbar/state/notified.json',
      gatewayLog: '/home/ada/.clawbar/logs/gateway.log',
      codexAuth: '/home/ada/.codex/auth.json',
      codexConfigToml: '/home/ada/.codex/config.toml',
      claudeCredentials: '/home/ada/.claude/.credentials.json',
    });
  });

  it('honours CLAWBAR_HOME, CODEX_HOME and CLAUDE_CONFIG_DIR', () => {
    const paths = resolvePaths({
      HOME: '/home/ada',
      CLAWBAR_HOME: '/srv/cb',
      CODEX_HOME: '/srv/cx',
      CLAUDE_CONFIG_DIR: '/srv/cl',
    });
    expect(paths.config).toBe('/srv/cb/config.json');
    expect(paths.codexAuth).toBe('/srv/cx/auth.json');
    expect(paths.claudeCredentials).toBe('/srv/cl/.credentials.json');
  });
});

describe('resolveEndpoints', () => {
  it('defaults to the real services', () => {
    expect(resolveEndpoints({})).toEqual({
      chatgptBaseUrl: 'https://chatgpt.com/backend-api',
      anthropicBaseUrl: 'https://api.anthropic.com',
      openaiBaseUrl: 'https://api.openai.com/v1',
      openaiAuthUrl: 'https://auth.openai.com',
      discordApiUrl: null,
      slackApiUrl: null,
      whatsappWsUrl: null,
    });
  });

  it('takes every override from the environment, trailing slashes normalised', () => {
    const endpoints = resolveEndpoints({
      CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:4001/backend-api/',
      CLAWBAR_ANTHROPIC_BASE_URL: 'http://127.0.0.1:4002',
      OPENAI_BASE_URL: 'http://127.0.0.1:4003/v1',
      CLAWBAR_OPENAI_AUTH_URL: 'http://127.0.0.1:4004/',
      CLAWBAR_DISCORD_API_URL: 'http://127.0.0.1:4005/api',
      CLAWBAR_SLACK_API_URL: 'http://127.0.0.1:4006/api',
      CLAWBAR_WHATSAPP_WS_URL: 'ws://127.0.0.1:4007/ws/chat',
    });
    expect(endpoints).toEqual({
      chatgptBaseUrl: 'http://127.0.0.1:4001/backend-api',
      anthropicBaseUrl: 'http://127.0.0.1:4002',
      openaiBaseUrl: 'http://127.0.0.1:4003/v1',
      openaiAuthUrl: 'http://127.0.0.1:4004',
      discordApiUrl: 'http://127.0.0.1:4005/api',
      // The Slack SDK appends method names to it, so it keeps exactly one trailing slash.
      slackApiUrl: 'http://127.0.0.1:4006/api/',
      whatsappWsUrl: 'ws://127.0.0.1:4007/ws/chat',
    });
  });
});

describe('codexKeyringAccount', () => {
  it('hashes the canonical CODEX_HOME path as Codex does', () => {
    // Computed independently: `printf %s /home/ada/.codex | sha256sum | cut -c1-16`.
    expect(codexKeyringAccount('/home/ada/.codex')).toBe('cli|09225bfea46805b1');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-codex-'));
    try {
      const link = `${dir}-link`;
      symlinkSync(dir, link);
      expect(codexKeyringAccount(link)).toBe(codexKeyringAccount(dir));
      rmSync(link);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
