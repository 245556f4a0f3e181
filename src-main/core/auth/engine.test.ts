import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  byId,
  changeWhere,
  makeHarness,
  nextChange,
  sleep,
  type Harness,
} from '../../../test/fixtures/auth-engine-harness.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { resolveConfig } from '../config/load.js';

import { createOwnStore } from './own-store.js';

import type { ProfileView } from './types.js';

const DAY = 86_400_000;
const CODEX = 'openai-codex:codex-cli';
let h: Harness;
let codexAuth: string;
beforeEach(() => {
  h = makeHarness();
  codexAuth = path.join(h.home.codexHome, 'auth.json');
});
afterEach(async () => {
  await h.stopAll();
});

async function writeCodex(expiresAt: number, email = 'dev@example.com') {
  await mkdir(h.home.codexHome, { recursive: true });
  await writeFile(codexAuth, codexChatgptAuthJson({ expiresAt, email }));
}

/** Collects every `changed` list from now on. */
function collect(engine: ReturnType<Harness['engine']>): ProfileView[][] {
  const seen: ProfileView[][] = [];
  engine.onChanged((p) => seen.push(p));
  return seen;
}

describe('watching the credential files', () => {
  it('follows create, change, atomic rename and unlink of auth.json, one changed each', async () => {
    await mkdir(h.home.codexHome, { recursive: true });
    const engine = h.engine();
    await engine.start();
    expect(byId(engine.profiles(), CODEX)?.status).toBe('missing');
    const all = collect(engine);

    const created = nextChange(engine);
    await writeCodex(Date.now() + 10 * DAY, 'one@example.com');
    expect(byId(await created, CODEX)).toMatchObject({ status: 'ok', email: 'one@example.com' });

    const changed = nextChange(engine);
    await writeCodex(Date.now() + 3_600_000, 'two@example.com');
    expect(byId(await changed, CODEX)).toMatchObject({ status: 'expiring', email: 'two@example.com' });

    const renamed = nextChange(engine);
    const tmp = `${codexAuth}.tmp`;
    await writeFile(tmp, codexChatgptAuthJson({ expiresAt: Date.now() + 5 * DAY, email: 'three@example.com' }));
    await rename(tmp, codexAuth);
    expect(byId(await renamed, CODEX)).toMatchObject({ status: 'ok', email: 'three@example.com' });

    const removed = nextChange(engine);
    await rm(codexAuth);
    expect(byId(await removed, CODEX)).toMatchObject({
      status: 'missing',
      detail: 'not logged in to Codex (auth.json is absent)',
    });

    await sleep(400);
    expect(all).toHaveLength(4);
    expect(
      h.lines.filter((l) => l === '[agents/auth-profiles] synced openai-codex credentials from codex cli'),
    ).toHaveLength(3);
  });

  it('sees a directory that appears after start', async () => {
    const engine = h.engine();
    await engine.start();
    const appeared = changeWhere(engine, (p) => byId(p, 'anthropic:claude-cli')?.status === 'ok');
    await mkdir(h.home.claudeDir, { recursive: true });
    await sleep(100);
    await writeFile(
      path.join(h.home.claudeDir, '.credentials.json'),
      claudeCredentialsJson({ expiresAt: Date.now() + 2 * DAY }),
    );
    expect(byId(await appeared, 'anthropic:claude-cli')?.plan).toBe('max');
    expect(h.lines).toContain('[agents/auth-profiles] synced anthropic credentials from claude cli');
  });

  it('follows the Codex directory being deleted and created again, and a home whose parents appear later', async () => {
    await writeCodex(Date.now() + 10 * DAY);
    const nested = path.join(h.home.root, 'later', 'deeper', '.claude');
    const engine = h.engine({ env: { CLAUDE_CONFIG_DIR: nested } });
    await engine.start();

    const gone = nextChange(engine);
    await rm(h.home.codexHome, { recursive: true });
    expect(byId(await gone, CODEX)?.status).toBe('missing');
    const back = changeWhere(engine, (p) => byId(p, CODEX)?.status === 'ok');
    await writeCodex(Date.now() + 4 * DAY, 'again@example.com');
    expect(byId(await back, CODEX)?.email).toBe('again@example.com');

    const claude = changeWhere(engine, (p) => byId(p, 'anthropic:claude-cli')?.status === 'ok');
    await mkdir(nested, { recursive: true });
    await writeFile(path.join(nested, '.credentials.json'), claudeCredentialsJson({ expiresAt: Date.now() + 2 * DAY }));
    await claude;
  });

  it('keeps the last good reading while auth.json is half-written, and fires once for the new one', async () => {
    await writeCodex(Date.now() + 10 * DAY, 'before@example.com');
    const engine = h.engine();
    await engine.start();
    const all = collect(engine);

    // Codex writes with truncate + write: first an empty file, then a partial one.
    await writeFile(codexAuth, '');
    await sleep(150);
    expect(byId(engine.profiles(), CODEX)).toMatchObject({ status: 'ok', email: 'before@example.com' });
    const body = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, email: 'after@example.com' });
    await writeFile(codexAuth, body.slice(0, body.length / 2));
    await sleep(150);
    expect(byId(engine.profiles(), CODEX)).toMatchObject({ status: 'ok', email: 'before@example.com' });

    const done = nextChange(engine);
    await writeFile(codexAuth, body);
    expect(byId(await done, CODEX)).toMatchObject({ status: 'ok', email: 'after@example.com' });
    await sleep(400);
    expect(all).toHaveLength(1);
  });

  it('survives a rewrite with an absurd expiry, shows it as missing, and recovers when the file is fixed', async () => {
    await writeCodex(Date.now() + 10 * DAY);
    const engine = h.engine();
    await engine.start();
    const broke = changeWhere(engine, (p) => byId(p, CODEX)?.status === 'missing');
    await writeCodex(1e23);
    expect(byId(await broke, CODEX)).toMatchObject({ expiresAt: null, detail: expect.stringContaining('plausible') });
    const fixed = changeWhere(engine, (p) => byId(p, CODEX)?.status === 'ok');
    await writeCodex(Date.now() + 9 * DAY, 'fixed@example.com');
    expect(byId(await fixed, CODEX)?.email).toBe('fixed@example.com');
  });

  it('starts with an absurd expiry on disk and comes alive when the file is fixed', async () => {
    await writeCodex(1e23);
    const engine = h.engine();
    await engine.start();
    expect(byId(engine.profiles(), CODEX)?.status).toBe('missing');
    const fixed = changeWhere(engine, (p) => byId(p, CODEX)?.status === 'ok');
    await writeCodex(Date.now() + 9 * DAY);
    await fixed;
  });

  it('counts a file that stays empty past the retry window as unreadable', async () => {
    await writeCodex(Date.now() + 10 * DAY);
    const engine = h.engine({ settleMs: 300 });
    await engine.start();
    const broke = nextChange(engine);
    await writeFile(codexAuth, '');
    expect(byId(await broke, CODEX)).toMatchObject({ status: 'missing', detail: 'auth.json is empty' });
  });

  it('ignores a rewrite that changes nothing about the credential', async () => {
    await writeCodex(Date.now() + 10 * DAY);
    const engine = h.engine();
    await engine.start();
    const all = collect(engine);
    const auth = JSON.parse(await readFile(codexAuth, 'utf8')) as Record<string, unknown>;
    await writeFile(codexAuth, JSON.stringify({ ...auth, last_refresh: new Date().toISOString() }));
    // The Claude file is unrelated: a real change there fires, which proves the watcher was alive.
    const claude = nextChange(engine);
    await mkdir(h.home.claudeDir, { recursive: true });
    await writeFile(
      path.join(h.home.claudeDir, '.credentials.json'),
      claudeCredentialsJson({ expiresAt: Date.now() + DAY * 3 }),
    );
    await claude;
    await sleep(300);
    expect(all).toHaveLength(1);
    expect(byId(all[0]!, 'anthropic:claude-cli')?.status).toBe('ok');
  });

  it("follows clawbar's own OAuth login saved by the own store", async () => {
    const engine = h.engine({ configFile: { auth: { order: { 'openai-codex': ['openai-codex:default'] } } } });
    await engine.start();
    expect(byId(engine.profiles(), 'openai-codex:default')?.status).toBe('missing');
    const saved = changeWhere(engine, (p) => byId(p, 'openai-codex:default')?.status === 'ok');
    const store = createOwnStore({ file: path.join(h.home.clawbarHome, 'auth-profiles.json'), secrets: h.secrets });
    await store.saveOAuth({
      accessToken: 'own-access-token-123456',
      refreshToken: 'own-refresh-token-123456',
      expiresAt: Date.now() + 5 * DAY,
      email: 'own@example.com',
      accountId: 'acct-own',
    });
    expect(byId(await saved, 'openai-codex:default')).toMatchObject({
      email: 'own@example.com',
      source: 'clawbar',
      refreshable: true,
    });
    expect(engine.credential('openai-codex:default')).toMatchObject({
      accessToken: 'own-access-token-123456',
      accountId: 'acct-own',
    });
  });
});

describe('status changes without a file change', () => {
  it('fires when a token crosses into expiring and then expired, from one timer per boundary', async () => {
    await writeCodex(Date.now() + 3000);
    const engine = h.engine({ configFile: { auth: { warnBefore: '1500ms' } } });
    await engine.start();
    expect(byId(engine.profiles(), CODEX)?.status).toBe('ok');
    expect(byId(await nextChange(engine), CODEX)?.status).toBe('expiring');
    expect(byId(await nextChange(engine), CODEX)?.status).toBe('expired');
  });

  it('marks a rejected token expired until its credential changes', async () => {
    await writeCodex(Date.now() + 10 * DAY);
    const engine = h.engine();
    await engine.start();
    const rejected = nextChange(engine);
    engine.markRejected(CODEX, 401);
    expect(byId(await rejected, CODEX)).toMatchObject({ status: 'expired', detail: 'rejected by server (401)' });
    await engine.reload();
    expect(byId(engine.profiles(), CODEX)?.status).toBe('expired');

    const fresh = nextChange(engine);
    await writeCodex(Date.now() + 9 * DAY);
    expect(byId(await fresh, CODEX)).toMatchObject({ status: 'ok', detail: null });
  });
});

describe('notes and thresholds from elsewhere', () => {
  it('shows a note as the detail of the credential it was made about, and drops it when the credential changes', async () => {
    await writeCodex(Date.now() + 90 * 60_000);
    const engine = h.engine();
    await engine.start();
    const noted = nextChange(engine);
    engine.setNote!(CODEX, 'delegated refresh failed: codex app-server timed out');
    expect(byId(await noted, CODEX)).toMatchObject({
      status: 'expiring',
      detail: 'delegated refresh failed: codex app-server timed out',
    });
    const fresh = nextChange(engine);
    await writeCodex(Date.now() + 9 * DAY);
    expect(byId(await fresh, CODEX)).toMatchObject({ status: 'ok', detail: null });
  });

  it('clears a note on request', async () => {
    await writeCodex(Date.now() + 9 * DAY);
    const engine = h.engine();
    await engine.start();
    engine.setNote!(CODEX, 'refresh failed: token endpoint answered 400');
    expect(byId(engine.profiles(), CODEX)?.detail).toBe('refresh failed: token endpoint answered 400');
    const cleared = nextChange(engine);
    engine.setNote!(CODEX, null);
    expect(byId(await cleared, CODEX)?.detail).toBeNull();
  });

  it('applies a new warn-before threshold at once', async () => {
    await writeCodex(Date.now() + 3 * 3_600_000);
    const engine = h.engine();
    await engine.start();
    expect(byId(engine.profiles(), CODEX)?.status).toBe('expiring');
    const moved = nextChange(engine);
    engine.applyConfig(resolveConfig({ auth: { warnBefore: '2h' } }, h.home.env));
    expect(byId(await moved, CODEX)?.status).toBe('ok');
    expect(engine.warnBeforeMs!()).toBe(2 * 3_600_000);
  });
});

describe('clawbar never writes the Codex or Claude files', () => {
  it('leaves read-only credential files byte- and mtime-identical after a full sync cycle', async () => {
    await writeCodex(Date.now() + 3000);
    await mkdir(h.home.claudeDir, { recursive: true });
    const claudeFile = path.join(h.home.claudeDir, '.credentials.json');
    await writeFile(claudeFile, claudeCredentialsJson({ expiresAt: Date.now() - 1000 }));
    await writeFile(path.join(h.home.codexHome, 'config.toml'), 'model = "gpt-5.2"\n');
    for (const f of [codexAuth, claudeFile]) await chmod(f, 0o444);
    const snapshot = async () =>
      Promise.all(
        [codexAuth, claudeFile].map(async (f) => ({
          bytes: await readFile(f, 'utf8'),
          mtime: (await stat(f)).mtimeMs,
          mode: (await stat(f)).mode,
        })),
      );
    const before = await snapshot();
    const dirsBefore = [await readdir(h.home.codexHome), await readdir(h.home.claudeDir)];

    const engine = h.engine({ configFile: { auth: { warnBefore: '1500ms' } } });
    await engine.start();
    await engine.reload();
    engine.markRejected('anthropic:claude-cli', 401);
    await nextChange(engine); // the Codex token crossing into expiring
    await engine.reload();
    await engine.stop();

    expect(await snapshot()).toEqual(before);
    expect([await readdir(h.home.codexHome), await readdir(h.home.claudeDir)]).toEqual(dirsBefore);
  });
});
