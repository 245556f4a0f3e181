// The auth engine with accounts (issue 17): each account's CLI home is read and watched like the
// default one, and a new config's accounts are followed without a restart.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { byId, changeWhere, makeHarness, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { resolveConfig } from '../config/load.js';

const DAY = 86_400_000;
const WORK = 'openai-codex:codex-cli@work';
let h: Harness;
let workHome: string;
beforeEach(() => {
  h = makeHarness();
  workHome = path.join(h.home.root, 'codex-work');
});
afterEach(async () => {
  await h.stopAll();
});

const withWork = { accounts: { 'openai-codex': [{ id: 'work', label: 'Work', home: '~/codex-work' }] } };

async function writeCodex(dir: string, email: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'auth.json'), codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, email }));
}

describe('accounts in the auth engine', () => {
  it('watches an account home: its login appears, and its logout leaves it missing, the default untouched', async () => {
    await writeCodex(h.home.codexHome, 'dev@example.com');
    const engine = h.engine({ configFile: withWork });
    await engine.start();
    expect(byId(engine.profiles(), WORK)).toMatchObject({ status: 'missing', account: 'work', accountLabel: 'Work' });

    const in_ = changeWhere(engine, (list) => byId(list, WORK)?.status === 'ok');
    await writeCodex(workHome, 'work@example.com');
    expect(byId(await in_, WORK)?.email).toBe('work@example.com');
    expect(h.lines).toContain('[agents/auth-profiles] synced openai-codex credentials from codex cli');

    const out = changeWhere(engine, (list) => byId(list, WORK)?.status === 'missing');
    await rm(path.join(workHome, 'auth.json'));
    const after = await out;
    expect(byId(after, 'openai-codex:codex-cli')).toMatchObject({ status: 'ok', email: 'dev@example.com' });
    expect(byId(after, 'openai-codex:codex-cli')?.account).toBeUndefined();
  });

  it('follows accounts added and removed by a new config, watching the new home', async () => {
    await writeCodex(workHome, 'work@example.com');
    const engine = h.engine();
    await engine.start();
    expect(byId(engine.profiles(), WORK)).toBeUndefined();

    const added = changeWhere(engine, (list) => byId(list, WORK)?.status === 'ok');
    engine.applyConfig(resolveConfig(withWork, h.home.env));
    await added;

    // The new home is watched: a Claude account added next shows its login as it lands.
    const claudeHome = path.join(h.home.root, 'claude-two');
    const both = {
      accounts: { ...withWork.accounts, anthropic: [{ id: 'two', home: claudeHome }] },
    };
    const missing = changeWhere(engine, (list) => byId(list, 'anthropic:claude-cli@two')?.status === 'missing');
    engine.applyConfig(resolveConfig(both, h.home.env));
    await missing;
    const landed = changeWhere(engine, (list) => byId(list, 'anthropic:claude-cli@two')?.status === 'ok');
    await mkdir(claudeHome, { recursive: true });
    await writeFile(
      path.join(claudeHome, '.credentials.json'),
      claudeCredentialsJson({ expiresAt: Date.now() + DAY * 2 }),
    );
    await landed;

    const removed = changeWhere(engine, (list) => byId(list, WORK) === undefined);
    engine.applyConfig(resolveConfig({}, h.home.env));
    const list = await removed;
    expect(byId(list, 'anthropic:claude-cli@two')).toBeUndefined();
  });
});
