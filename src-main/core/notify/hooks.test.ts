import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { captureLogs, groupGone, waitFor } from '../../../test/fixtures/reauth-helpers.js';

import { createHookRunner, type HookRunner } from './hooks.js';

import type { HookEvent, HookSpec } from '../config/schema.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A folder with a hook program (node) that records its stdin, argv and environment as one JSON line. */
function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-hooks-'));
  const logs = captureLogs();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), logs.restore);
  const out = path.join(dir, 'runs.jsonl');
  const record = path.join(dir, 'record.cjs');
  writeFileSync(
    record,
    `let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  require('fs').appendFileSync(${JSON.stringify(out)}, JSON.stringify({ stdin: JSON.parse(input), argv: process.argv.slice(2), env: process.env, pid: process.pid }) + '\\n');
  if (process.argv[2] === 'fail') { process.stderr.write('something broke\\nno mail server\\n'); process.exit(3); }
  if (process.argv[2] === 'hang') { require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000); }
});
`,
  );
  // Complete lines only: a hook may have created the file and not yet written its line.
  const runs = () =>
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .slice(0, -1)
          .map(
            (line) =>
              JSON.parse(line) as {
                stdin: Record<string, unknown>;
                argv: string[];
                env: Record<string, string>;
                pid: number;
              },
          )
      : [];
  const hook = (args: string[] = [], timeoutMs = 10_000): HookSpec => ({
    command: process.execPath,
    args: [record, ...args],
    timeoutMs,
  });
  return { dir, runs, hook, logs };
}

function runner(hooks: Partial<Record<HookEvent, HookSpec[]>>, env: Record<string, string> = {}): HookRunner {
  const r = createHookRunner({
    hooks: () => hooks,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    clock: () => Date.UTC(2026, 10, 29, 22, 0),
    killGraceMs: 200,
  });
  cleanups.push(() => r.stop());
  return r;
}

describe('hooks', () => {
  it('runs each hook of the event with the event as JSON on stdin and CLAWBAR_EVENT_* variables, never a secret', async () => {
    const s = setup();
    const r = runner(
      { 'profile.expired': [s.hook(['first']), s.hook(['second'])], 'usage.low': [s.hook(['other'])] },
      {
        CLAWBAR_GATEWAY_TOKEN: 'gw-secret-token',
        DISCORD_BOT_TOKEN: 'discord-secret',
        OPENAI_API_KEY: 'sk-user-secret',
        ANTHROPIC_API_KEY: 'sk-ant-secret',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        LANG: 'C.UTF-8',
      },
    );
    await r.fire('profile.expired', {
      profileId: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      status: 'expired',
      expiresAt: '2026-11-29T20:00:00.000Z',
      detail: 'token expired',
    });
    // The two hooks run side by side: in whatever order they finished.
    const runs = s.runs().sort((a, b) => a.argv[0]!.localeCompare(b.argv[0]!));
    expect(runs.map((run) => run.argv)).toEqual([['first'], ['second']]);
    expect(runs[0]!.stdin).toEqual({
      event: 'profile.expired',
      at: '2026-11-29T22:00:00.000Z',
      profileId: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      status: 'expired',
      expiresAt: '2026-11-29T20:00:00.000Z',
      detail: 'token expired',
    });
    expect(runs[0]!.env).toMatchObject({
      CLAWBAR_EVENT: 'profile.expired',
      CLAWBAR_EVENT_AT: '2026-11-29T22:00:00.000Z',
      CLAWBAR_EVENT_PROFILE: 'openai-codex:codex-cli',
      CLAWBAR_EVENT_PROVIDER: 'openai-codex',
      LANG: 'C.UTF-8',
    });
    expect(JSON.stringify(runs[0]!.env)).not.toMatch(/secret/);
    expect(r.failures()).toEqual([]);
  });

  it("names an account's usage event in CLAWBAR_EVENT_ACCOUNT (issue 17)", async () => {
    const s = setup();
    const r = runner({ 'usage.pace': [s.hook()] });
    const fields = { provider: 'openai-codex', account: 'work', window: '5h', title: 't', body: 'b' };
    await r.fire('usage.pace', fields);
    await r.fire('usage.pace', { ...fields, account: null });
    const [account, fallback] = s.runs();
    expect(account!.stdin).toMatchObject({ event: 'usage.pace', provider: 'openai-codex', account: 'work' });
    expect(account!.env).toMatchObject({ CLAWBAR_EVENT_PROVIDER: 'openai-codex', CLAWBAR_EVENT_ACCOUNT: 'work' });
    expect(fallback!.env.CLAWBAR_EVENT_ACCOUNT).toBeUndefined();
  });

  it('passes arguments as they are, with no shell to expand them', async () => {
    const s = setup();
    const marker = path.join(s.dir, 'pwned');
    const r = runner({ 'usage.low': [s.hook([`$(touch ${marker})`, '; touch x', '*'])] });
    await r.fire('usage.low', { provider: 'anthropic', window: '5h', title: 'Claude 5h window 95% used', body: '…' });
    expect(s.runs()[0]!.argv).toEqual([`$(touch ${marker})`, '; touch x', '*']);
    expect(existsSync(marker)).toBe(false);
  });

  it('records a failing hook with its exit code and last stderr line, and one that cannot start, without throwing', async () => {
    const s = setup();
    const missing = path.join(s.dir, 'no-such-program');
    const r = runner({ 'login.failed': [s.hook(['fail']), { command: missing, args: [], timeoutMs: 5000 }] });
    await r.fire('login.failed', { profileId: 'anthropic:claude-cli', provider: 'anthropic', error: 'denied' });
    // In the order they ended.
    expect(r.failures()).toHaveLength(2);
    expect(r.failures()).toEqual(
      expect.arrayContaining([
        {
          event: 'login.failed',
          command: process.execPath,
          at: '2026-11-29T22:00:00.000Z',
          error: 'exited with code 3: no mail server',
        },
        { event: 'login.failed', command: missing, at: '2026-11-29T22:00:00.000Z', error: 'cannot run: ENOENT' },
      ]),
    );
    expect(s.logs.lines.some((line) => line.includes('hook login.failed') && line.includes('no mail server'))).toBe(
      true,
    );
  });

  it('kills a hook that hangs at its timeout, with whatever it started', async () => {
    const s = setup();
    const r = runner({ 'channel.down': [s.hook(['hang'], 400)] });
    const started = Date.now();
    await r.fire('channel.down', { channel: 'discord', state: 'error', detail: 'gateway closed' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.failures()).toMatchObject([{ event: 'channel.down', error: 'timed out after 0.4s' }]);
    const pid = s.runs()[0]!.pid;
    expect(await waitFor(() => groupGone(pid))).toBe(true);
  });

  it('runs nothing for an event without hooks, and nothing once stopped', async () => {
    const s = setup();
    const r = runner({ 'usage.reset': [s.hook()] });
    await r.fire('profile.restored', { profileId: 'x:y' });
    await r.stop();
    await r.fire('usage.reset', { provider: 'openai-codex' });
    expect(s.runs()).toEqual([]);
  });
});
