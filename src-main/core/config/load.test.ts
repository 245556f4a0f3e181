import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig, parseConfigFile, resolveConfig, writeConfigFile } from './load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (body: string) => {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, body);
  return file;
};

describe('loadConfig', () => {
  it('gives the documented defaults when config.json is absent', async () => {
    const config = await loadConfig(path.join(dir, 'config.json'), {});
    expect(config.gateway).toEqual({ port: 18789, bind: 'loopback' });
    expect(config.agent.model).toBe('openai-codex/gpt-6.1-sol');
    expect(config.auth.warnBeforeMs).toBe(24 * 3600_000);
    expect(config.usage.refreshMs).toBe(300_000);
    expect(config.usage.history).toEqual({ enabled: true, retentionDays: 90 });
    expect(config.usage.prices).toEqual({});
    expect(config.notifications).toEqual({ expiringMs: [24 * 3600_000, 3600_000], usageUsedPercent: [80, 95] });
    expect(config.reauth.logins.codex).toEqual({ command: 'codex', args: ['login'], timeoutMs: 600_000 });
    expect(config.reauth.logins.claude).toEqual({ command: 'claude', args: ['auth', 'login'], timeoutMs: 600_000 });
    expect(config.reauth.refreshBeforeMs).toBe(2 * 3600_000);
  });

  it('reads durations and lets the environment override port and executables', async () => {
    const file = write(
      JSON.stringify({
        gateway: { port: 19000 },
        auth: { warnBefore: '90m' },
        reauth: { codex: { command: '/opt/codex' } },
      }),
    );
    expect((await loadConfig(file, {})).gateway.port).toBe(19000);
    expect((await loadConfig(file, {})).auth.warnBeforeMs).toBe(90 * 60_000);
    const overridden = await loadConfig(file, { CLAWBAR_GATEWAY_PORT: '19001', CLAWBAR_CODEX_BIN: '/tmp/fake-codex' });
    expect(overridden.gateway.port).toBe(19001);
    expect(overridden.reauth.logins.codex!.command).toBe('/tmp/fake-codex');
  });

  it.each([
    ['{"gateway":{"port":"80"}}', 'config.json: gateway.port must be a number'],
    ['{"gateway":{"prot":1}}', 'config.json: gateway.prot is not a known setting'],
    ['{"colour":"red"}', 'config.json: colour is not a known setting'],
    ['{"auth":{"warnBefore":"soon"}}', 'config.json: auth.warnBefore must be a duration like "24h", "90m" or "300s"'],
    ['[]', 'config.json: (top level) must be an object'],
    ['{"usage":{"refresh":"30d"}}', 'config.json: usage.refresh must be between 60s and 24h (got "30d")'],
    ['{"usage":{"refresh":"5s"}}', 'config.json: usage.refresh must be between 60s and 24h (got "5s")'],
    [
      '{"reauth":{"codex":{"timeout":"30d"}}}',
      'config.json: reauth.codex.timeout must be between 30s and 2h (got "30d")',
    ],
    [
      '{"reauth":{"claude":{"timeout":"0s"}}}',
      'config.json: reauth.claude.timeout must be between 30s and 2h (got "0s")',
    ],
    ['{"auth":{"warnBefore":"400d"}}', 'config.json: auth.warnBefore must be between 1m and 30d (got "400d")'],
    ['{"reauth":{"refreshBefore":"30d"}}', 'config.json: reauth.refreshBefore must be between 5m and 7d (got "30d")'],
    [
      '{"notifications":{"expiring":["1h","90d"]}}',
      'config.json: notifications.expiring.1 must be between 1m and 30d (got "90d")',
    ],
  ])('rejects %s with one line naming the key', async (body, message) => {
    await expect(loadConfig(write(body), {})).rejects.toThrow(new ConfigError(message));
  });

  it('says how to recover from a file that is not JSON', async () => {
    const file = write('{"gateway": ');
    await expect(loadConfig(file, {})).rejects.toThrow(`config.json: not valid JSON — fix or delete ${file}`);
  });

  it('rejects a bad CLAWBAR_GATEWAY_PORT', () => {
    expect(() => resolveConfig({}, { CLAWBAR_GATEWAY_PORT: 'eighty' })).toThrow(
      /CLAWBAR_GATEWAY_PORT must be a port number/,
    );
  });
});

describe('writeConfigFile', () => {
  it('validates before writing and never leaves a bad file behind', async () => {
    const file = write('{"usage":{"refresh":"300s"}}');
    await writeConfigFile(file, { usage: { refresh: '120s' } });
    expect(parseConfigFile(JSON.parse(readFileSync(file, 'utf8')))).toEqual({ usage: { refresh: '120s' } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(writeConfigFile(file, { usage: { refresh: 'often' } })).rejects.toThrow(ConfigError);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ usage: { refresh: '120s' } });
  });
});

describe('usage history and price settings', () => {
  it('reads the retention and per-model prices', () => {
    const file = parseConfigFile({
      usage: {
        history: { retentionDays: 30, enabled: false },
        prices: { 'gpt-6.1-sol': { input: 2, cachedInput: 0.1, output: 10 } },
      },
    });
    expect(resolveConfig(file, {}).usage).toEqual({
      refreshMs: 300_000,
      history: { enabled: false, retentionDays: 30 },
      prices: { 'gpt-6.1-sol': { input: 2, cachedInput: 0.1, output: 10 } },
    });
  });

  it('reads hooks: an absolute program, its arguments, a timeout (default 10s); none by default', () => {
    expect(resolveConfig(parseConfigFile({}), {}).hooks).toEqual({});
    const file = parseConfigFile({
      hooks: {
        'profile.expired': [{ command: '/usr/local/bin/page-me', args: ['--urgent'], timeout: '30s' }],
        'usage.low': [{ command: '/usr/bin/logger' }],
      },
    });
    expect(resolveConfig(file, {}).hooks).toEqual({
      'profile.expired': [{ command: '/usr/local/bin/page-me', args: ['--urgent'], timeoutMs: 30_000 }],
      'usage.low': [{ command: '/usr/bin/logger', args: [], timeoutMs: 10_000 }],
    });
  });

  it.each([
    [{ hooks: { 'profile.expired': [{ command: 'page-me' }] } }, 'hooks.profile.expired.0.command must be an absolute'],
    [{ hooks: { 'profile.lost': [{ command: '/bin/true' }] } }, 'hooks'],
    [{ hooks: { 'usage.low': [{ command: '/bin/true', timeout: '1h' }] } }, 'hooks.usage.low.0.timeout'],
    [{ hooks: { 'usage.low': [{ command: '/bin/true', shell: true }] } }, 'hooks.usage.low.0.shell'],
  ])('refuses the hook %j, naming %s', (raw, key) => {
    expect(() => parseConfigFile(raw)).toThrow(ConfigError);
    expect(() => parseConfigFile(raw)).toThrow(key);
  });

  it.each([
    [{ usage: { history: { retentionDays: 0 } } }, 'usage.history.retentionDays'],
    [{ usage: { history: { retentionDays: 4000 } } }, 'usage.history.retentionDays'],
    [{ usage: { history: { retentionDays: 1.5 } } }, 'usage.history.retentionDays'],
    [{ usage: { prices: { 'gpt-5': { input: -1, output: 1 } } } }, 'usage.prices.gpt-5.input'],
    [{ usage: { prices: { 'gpt-5': { input: 1, output: 1e9 } } } }, 'usage.prices.gpt-5.output'],
    [{ usage: { prices: { 'gpt-5': { input: 1 } } } }, 'usage.prices.gpt-5.output'],
    [{ usage: { prices: { 'gpt-5': { input: 1, output: 2, cheap: true } } } }, 'usage.prices.gpt-5.cheap'],
  ])('refuses %j, naming %s', (raw, key) => {
    expect(() => parseConfigFile(raw)).toThrow(ConfigError);
    expect(() => parseConfigFile(raw)).toThrow(key);
  });
});

describe('channel owners (re-login from a phone)', () => {
  it('reads each channel’s owner, a WhatsApp number as digits; none by default', () => {
    const none = resolveConfig(parseConfigFile({}), {}).channels;
    expect([none.discord.owner, none.slack.owner, none.whatsapp.owner]).toEqual([null, null, null]);
    const file = parseConfigFile({
      channels: {
        discord: { owner: '100000000000000009' },
        slack: { owner: 'U0123ABCD' },
        whatsapp: { owner: '+1 (555) 010-0000' },
      },
    });
    const { channels } = resolveConfig(file, {});
    expect([channels.discord.owner, channels.slack.owner, channels.whatsapp.owner]).toEqual([
      '100000000000000009',
      'U0123ABCD',
      '15550100000',
    ]);
  });

  it.each([
    [
      { channels: { discord: { owner: 'alice#1234' } } },
      'config.json: channels.discord.owner must be a Discord user id',
    ],
    [{ channels: { discord: { owner: 100000000000000 } } }, 'config.json: channels.discord.owner must be a string'],
    [
      { channels: { slack: { owner: '@alice' } } },
      'config.json: channels.slack.owner must be a Slack user id (U… or W…)',
    ],
    [{ channels: { whatsapp: { owner: 'me' } } }, 'config.json: channels.whatsapp.owner must be a phone number'],
    [{ channels: { whatsapp: { owner: '+1 555' } } }, 'config.json: channels.whatsapp.owner must be a phone number'],
  ])('refuses the owner in %j with one line', (raw, message) => {
    let error: unknown;
    try {
      parseConfigFile(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});
