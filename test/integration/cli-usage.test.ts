// `clawbar usage` as a user runs it: the built CLI over real-format Codex and Claude Code logs in a
// temp HOME, the history database it keeps for incremental scans, the agent's turns, bad input,
// and `--live` until Ctrl-C.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHistory } from '../../src-main/core/usage/history/history.js';
import { useBuiltCli } from '../fixtures/cli.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cli-logs');
const built = useBuiltCli();
const today = new Date().toISOString().slice(0, 10);
/** The recorded logs, moved to today (UTC) so `--days` windows hold them. */
const fixture = (name: string) =>
  readFileSync(path.join(fixtures, name), 'utf8').replaceAll('2026-11-29T', `${today}T`);

let home: TempHome;
let env: Record<string, string>;

beforeEach(() => {
  home = makeTempHome();
  env = { ...home.env, TZ: 'UTC' };
  const codexDay = path.join(home.codexHome, 'sessions', ...today.split('-'));
  mkdirSync(codexDay, { recursive: true });
  writeFileSync(path.join(codexDay, 'rollout-2026-11-29T18-51-41-a.jsonl'), fixture('codex-session.jsonl'));
  const project = path.join(home.claudeDir, 'projects', '-home-user-project');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, '9f201329.jsonl'), fixture('claude-session.jsonl'));
});
afterEach(() => home.cleanup());

describe('clawbar usage', () => {
  it('prints tokens and API-equivalent cost per day and model, and keeps its scan in the history database', async () => {
    const run = await built.run(['usage'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Day +Source +Model +Input +Cached +Output +Cost$/);
    expect(lines[1]).toMatch(new RegExp(`^${today} +claude +claude-sonnet-4-5 +13k +9\\.0k +83 +≈ \\$0\\.02$`));
    expect(lines[2]).toMatch(new RegExp(`^${today} +codex +gpt-5\\.2 +3\\.6k +1\\.0k +63 +≈ <\\$0\\.01$`));
    expect(run.stdout).toContain('Total: 17k in (10k cached), 146 out, 4 responses');
    expect(run.stdout).toContain('API-equivalent value at list prices of');

    const db = path.join(home.clawbarHome, 'state', 'history.db');
    expect(statSync(db).mode & 0o777).toBe(0o600);

    // A new session appears: the next run reads it (and only it).
    writeFileSync(
      path.join(home.codexHome, 'sessions', ...today.split('-'), 'rollout-2026-11-29T18-53-02-b.jsonl'),
      fixture('codex-fork.jsonl'),
    );
    const json = await built.run(['usage', '--json', '--days', '1'], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      rows: Array<{ source: string; model: string; inputTokens: number; responses: number; costUsd: number | null }>;
      totals: { responses: number; unpricedModels: string[] };
      cost: { meaning: string };
      history: string;
    };
    expect(report.rows.find((r) => r.source === 'codex')).toMatchObject({
      model: 'gpt-5.2',
      inputTokens: 7200,
      responses: 3,
    });
    expect(report.totals.responses).toBe(5);
    expect(report.cost.meaning).toBe('API-equivalent value at list prices');
    expect(report.history).toBe(db);
  }, 60_000);

  it("adds clawbar's own agent turns from the history database", async () => {
    const history = createHistory({ path: path.join(home.clawbarHome, 'state', 'history.db'), compactDaily: false });
    history.recordTurn({
      at: Date.now() - 60_000,
      profile: 'openai-codex:codex-cli',
      model: 'openai-codex/gpt-5.2',
      inputTokens: 2000,
      outputTokens: 300,
      cachedTokens: 1500,
      latencyMs: 900,
      outcome: 'ok',
    });
    history.close();
    const run = await built.run(['usage', '--json'], env);
    const report = JSON.parse(run.stdout) as { rows: Array<{ source: string; model: string; inputTokens: number }> };
    expect(report.rows.filter((r) => r.source === 'agent')).toEqual([
      expect.objectContaining({ source: 'agent', model: 'openai-codex/gpt-5.2', inputTokens: 2000 }),
    ]);
  }, 60_000);

  it('goes on without the history when its database is unusable, saying why in one line', async () => {
    mkdirSync(path.join(home.clawbarHome, 'state'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(home.clawbarHome, 'state', 'history.db'), 'not a database '.repeat(200), { mode: 0o600 });
    const run = await built.run(['usage'], env);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^clawbar: usage history unavailable: .*history\.db cannot be opened.*\(scanning without it\)$/m,
    );
    expect(run.stdout).toContain('claude-sonnet-4-5');
  }, 60_000);

  it('rejects a bad --days in one line', async () => {
    const run = await built.run(['usage', '--days', 'lots'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('clawbar: --days must be a whole number from 1 to 3650, got "lots"\n');
    expect(run.stdout).toBe('');
  }, 60_000);

  it('--live prints the 5-hour window as tokens arrive and stops cleanly on Ctrl-C', async () => {
    // Moved to the current hour so the lines fall inside the 5-hour window.
    const hour = new Date().toISOString().slice(0, 13);
    const project = path.join(home.claudeDir, 'projects', '-home-user-project');
    const claudeNow = fixture('claude-session.jsonl').replace(
      /"timestamp":"[^"]+"/g,
      `"timestamp":"${hour}:00:00.000Z"`,
    );
    const lines = claudeNow.split('\n').filter(Boolean);
    writeFileSync(path.join(project, '9f201329.jsonl'), `${lines.slice(0, 7).join('\n')}\n`);
    writeFileSync(
      path.join(home.codexHome, 'sessions', ...today.split('-'), 'rollout-2026-11-29T18-51-41-a.jsonl'),
      '',
    );

    const child = spawn(process.execPath, [built.cli, 'usage', '--live', '--interval', '1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      await expect
        .poll(() => stdout, { timeout: 15_000 })
        .toMatch(/5h window since \d\d:\d\d: 5\.1k tokens ≈ <\$0\.01\n/);
      appendFileSync(path.join(project, '9f201329.jsonl'), `${lines.slice(7).join('\n')}\n`);
      await expect.poll(() => stdout, { timeout: 15_000 }).toMatch(/: 13k tokens ≈ \$0\.02/);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  }, 60_000);

  it('--live stops on Ctrl-C without waiting for its next rescan', async () => {
    const child = spawn(process.execPath, [built.cli, 'usage', '--live', '--interval', '3600'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await expect.poll(() => stdout, { timeout: 15_000 }).toMatch(/5h window since/);
    const closed = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    child.kill('SIGINT');
    // With the hour-long timer still pending, the process would outlive the test's timeout.
    expect(await closed).toBe(0);
  }, 60_000);
});
