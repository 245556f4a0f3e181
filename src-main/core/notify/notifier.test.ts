import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { resolvePaths } from '../config/paths.js';

import { createNotifier, type Notifier } from './notifier.js';

import type { NotifyEvent, ProfileView } from '../../../src-shared/protocol/index.js';

const H = 3_600_000;
const config = { expiringMs: [24 * H, H], usageUsedPercent: [80, 95] };

function codex(expiresAt: number, status: ProfileView['status'] = 'expiring'): ProfileView {
  return {
    id: 'openai-codex:codex-cli',
    provider: 'openai-codex',
    type: 'oauth',
    source: 'codex-cli',
    status,
    expiresAt: new Date(expiresAt).toISOString(),
    remainingMs: null,
    refreshable: true,
    relogin: false,
    detail: null,
  };
}

describe('createNotifier', () => {
  let home: TempHome;
  const notifiers: Notifier[] = [];
  afterEach(async () => {
    for (const n of notifiers.splice(0)) await n.stop();
    home.cleanup();
  });

  function make(clock: () => number) {
    const storePath = resolvePaths(home.env).notified;
    const notifier = createNotifier({ storePath, config, clock, tickMs: 0 });
    notifiers.push(notifier);
    const seen: NotifyEvent[] = [];
    notifier.onNotify((e) => seen.push(e));
    return { notifier, seen, storePath };
  }

  it('fires once per threshold and token, remembered across a restart in state/notified.json', async () => {
    home = makeTempHome();
    let now = Date.parse('2026-11-25T12:00:00Z');
    const token = codex(now + 10 * H);
    const first = make(() => now);
    await first.notifier.start();
    expect((await first.notifier.profilesChanged([token])).map((e) => e.title)).toEqual([
      'Codex login expires in 10h 0m',
    ]);
    expect(first.seen).toHaveLength(1);
    const file = await stat(first.storePath);
    expect(file.mode & 0o777).toBe(0o600);
    expect(await readFile(first.storePath, 'utf8')).not.toContain('eyJ');
    await first.notifier.stop();

    const second = make(() => now);
    await second.notifier.start();
    expect(await second.notifier.profilesChanged([token])).toEqual([]);
    now += 9.5 * H; // the clock alone crosses the 1 h threshold
    expect((await second.notifier.tick()).map((e) => e.title)).toEqual(['Codex login expires in 30m']);
    expect(second.seen).toHaveLength(1);
  });

  it('fires nothing for a flap: the same token, then unreadable, then the same token again', async () => {
    home = makeTempHome();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const { notifier, seen } = make(() => now);
    await notifier.start();
    const token = codex(now + 30 * 24 * H, 'ok');
    await notifier.profilesChanged([token]);
    await notifier.profilesChanged([{ ...token, status: 'missing', detail: 'auth.json is not valid JSON' }]);
    await notifier.profilesChanged([token]);
    expect(seen).toEqual([]);
  });

  it('starts afresh from a corrupt memory file and replaces it', async () => {
    home = makeTempHome();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const storePath = resolvePaths(home.env).notified;
    await mkdir(path.dirname(storePath), { recursive: true });
    await writeFile(storePath, '{"version":1,"fir');
    const { notifier } = make(() => now);
    await notifier.start();
    expect(await notifier.profilesChanged([codex(now - H, 'expired')])).toHaveLength(1);
    expect(JSON.parse(await readFile(storePath, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('announces each finished login once', async () => {
    home = makeTempHome();
    const { notifier, seen } = make(() => 0);
    await notifier.start();
    const done = { loginId: 'x', profileId: 'openai-codex:codex-cli', state: 'succeeded' as const };
    notifier.loginProgress({ ...done, state: 'waiting' });
    notifier.loginProgress(done);
    notifier.loginProgress(done);
    expect(seen.map((e) => e.title)).toEqual(['Codex re-login succeeded']);
  });

  it('serialises concurrent changes so each fires once', async () => {
    home = makeTempHome();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const { notifier, seen } = make(() => now);
    await notifier.start();
    const token = codex(now + 2 * H);
    await Promise.all([notifier.profilesChanged([token]), notifier.profilesChanged([token]), notifier.tick()]);
    expect(seen).toHaveLength(1);
  });

  it('evaluates the current state at start and routes gateway events to the policy', async () => {
    home = makeTempHome();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const storePath = resolvePaths(home.env).notified;
    const notifier = createNotifier({
      storePath,
      config,
      clock: () => now,
      tickMs: 0,
      firstEvaluationDelayMs: 0,
      current: () => ({ profiles: [codex(now + 2 * H)] }),
    });
    notifiers.push(notifier);
    const seen: NotifyEvent[] = [];
    notifier.onNotify((e) => seen.push(e));
    await notifier.start();
    expect(seen.map((e) => e.title)).toEqual(['Codex login expires in 2h 0m']);

    const usage = {
      windows: [{ label: 'Week', windowSeconds: 604800, usedPercent: 81, leftPercent: 19, resetAt: null }],
      fetchedAt: null,
      stale: false,
      error: null,
    };
    notifier.observe('tick', { ts: now });
    notifier.observe('usage.changed', {
      providers: [{ provider: 'anthropic', displayName: 'Anthropic', shortName: 'Claude', status: 'ok', usage }],
    });
    notifier.observe('login.progress', { loginId: 'l', profileId: 'anthropic:claude-cli', state: 'failed' });
    await notifier.stop();
    expect(seen.map((e) => e.title)).toEqual([
      'Codex login expires in 2h 0m',
      'Claude re-login failed',
      'Claude Week window 80% used',
    ]);
  });

  it('waits before the first evaluation so clients connecting at startup receive it', async () => {
    home = makeTempHome();
    const now = Date.parse('2026-11-25T12:00:00Z');
    const notifier = createNotifier({
      storePath: resolvePaths(home.env).notified,
      config,
      clock: () => now,
      tickMs: 0,
      firstEvaluationDelayMs: 50,
      current: () => ({ profiles: [codex(now + 2 * H)] }),
    });
    notifiers.push(notifier);
    await notifier.start();
    const seen: NotifyEvent[] = [];
    notifier.onNotify((e) => seen.push(e)); // subscribed after start: still in time
    expect(seen).toEqual([]);
    for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.map((e) => e.title)).toEqual(['Codex login expires in 2h 0m']);
  });
});
