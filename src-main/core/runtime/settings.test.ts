import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type Config } from '../config/schema.js';
import { MethodError } from '../gateway/handlers.js';

import { createConfigEditor, createConfigSettings } from './settings.js';

const dirs: string[] = [];
function setup(initial?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-settings-'));
  dirs.push(dir);
  const file = path.join(dir, 'config.json');
  if (initial !== undefined) writeFileSync(file, initial);
  const changes: Config[] = [];
  const settings = createConfigSettings(
    createConfigEditor({ file, env: {}, onChanged: (config) => changes.push(config) }),
  );
  return { file, settings, changes };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('config.get / config.set', () => {
  it('shows the defaults as config.json spells them when there is no file', async () => {
    const { settings, file } = setup();
    expect(await settings.get()).toEqual({
      path: file,
      settings: {
        warnBefore: '24h',
        notifyExpiring: ['24h', '1h'],
        notifyUsageUsedPercent: [80, 95],
        usageRefresh: '300s',
        codexCommand: 'codex',
        codexArgs: ['login'],
        claudeCommand: 'claude',
        claudeArgs: ['auth', 'login'],
        agentModel: 'openai-codex/gpt-6.1-sol',
      },
    });
  });

  it('writes only the changed keys, keeps the rest of the file, and reports the new config', async () => {
    const { settings, file, changes } = setup(
      JSON.stringify({
        gateway: { port: 18800 },
        agent: { model: 'anthropic/claude-x' },
        reauth: { codex: { command: '/opt/codex', args: ['login', '--device-auth'] } },
      }),
    );
    const { settings: view } = await settings.set({ warnBefore: '12h', usageRefresh: '120s' });
    expect(view).toMatchObject({
      warnBefore: '12h',
      usageRefresh: '120s',
      // Shown as config.json sets them; config.set cannot change them.
      codexCommand: '/opt/codex',
      codexArgs: ['login', '--device-auth'],
      agentModel: 'anthropic/claude-x',
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      gateway: { port: 18800 },
      agent: { model: 'anthropic/claude-x' },
      auth: { warnBefore: '12h' },
      usage: { refresh: '120s' },
      reauth: { codex: { command: '/opt/codex', args: ['login', '--device-auth'] } },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.auth.warnBeforeMs).toBe(12 * 3_600_000);
    expect(changes[0]!.usage.refreshMs).toBe(120_000);
  });

  it('changes the agent model, keeping its fallbacks', async () => {
    const { settings, file, changes } = setup(
      JSON.stringify({ agent: { model: 'openai-codex/gpt-5.2', fallbacks: ['openai/gpt-5.4'] } }),
    );
    const { settings: view } = await settings.set({ agentModel: 'anthropic/claude-sonnet-4-6' });
    expect(view.agentModel).toBe('anthropic/claude-sonnet-4-6');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      agent: { model: 'anthropic/claude-sonnet-4-6', fallbacks: ['openai/gpt-5.4'] },
    });
    expect(changes.map((c) => c.agent.model)).toEqual(['anthropic/claude-sonnet-4-6']);
  });

  it('refuses an invalid value with INVALID_REQUEST naming the key and leaves the file untouched', async () => {
    const before = JSON.stringify({ auth: { warnBefore: '6h' } });
    const { settings, file, changes } = setup(before);
    for (const patch of [{ warnBefore: 'soon' }, { notifyUsageUsedPercent: [120] }, { notifyExpiring: ['1y'] }]) {
      const error = await settings.set(patch).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MethodError);
      expect((error as MethodError).code).toBe('INVALID_REQUEST');
    }
    const error = (await settings.set({ warnBefore: 'soon' }).catch((e: unknown) => e)) as MethodError;
    expect(error.message).toBe('config.json: auth.warnBefore must be a duration like "24h", "90m" or "300s"');
    const long = (await settings.set({ usageRefresh: '30d' }).catch((e: unknown) => e)) as MethodError;
    expect(long).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'config.json: usage.refresh must be between 60s and 24h (got "30d")',
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(changes).toHaveLength(0);
  });

  it('answers UNAVAILABLE when config.json itself is broken', async () => {
    const { settings } = setup('{ nope');
    await expect(settings.get()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(settings.set({ warnBefore: '1h' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('serialises concurrent saves so none is lost', async () => {
    const { settings, file } = setup();
    await Promise.all([
      settings.set({ warnBefore: '2h' }),
      settings.set({ usageRefresh: '90s' }),
      settings.set({ notifyUsageUsedPercent: [50] }),
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      auth: { warnBefore: '2h' },
      usage: { refresh: '90s' },
      notifications: { usageUsedPercent: [50] },
    });
  });
});
