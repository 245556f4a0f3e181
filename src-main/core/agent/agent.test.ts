import { promises as fs } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startFakeLlmServer, type FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import { memoryAuth } from '../../../test/fixtures/memory-auth.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { fixedConfig } from '../config/config-source.js';
import { resolveConfig } from '../config/load.js';
import { resolveEndpoints } from '../config/paths.js';
import { getLogSinks, setLogSinks } from '../log/logger.js';

import { createAgent } from './agent.js';

import type { AuthEngine } from '../auth/types.js';
import type { ConfigFile } from '../config/schema.js';
import type { AgentTurn } from '../usage/history/types.js';
import type { ChatEvent } from './types.js';

let server: FakeLlmServer;
let home: TempHome;
let lines: string[];
const savedSinks = getLogSinks();

beforeEach(async () => {
  server = await startFakeLlmServer();
  home = makeTempHome();
  lines = [];
  setLogSinks([(_record, line) => lines.push(line)]);
});
afterEach(async () => {
  setLogSinks(savedSinks);
  await server.close();
  home.cleanup();
});

function makeAgent(
  file: ConfigFile,
  auth: Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'>,
  now?: () => number,
  onTurn?: (turn: AgentTurn) => void,
) {
  const env = {
    ...home.env,
    CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  };
  return createAgent({
    config: fixedConfig(resolveConfig(file, env)),
    auth,
    sessionsDir: path.join(home.clawbarHome, 'sessions'),
    endpoints: resolveEndpoints(env),
    requestTimeoutMs: 10_000,
    ...(now ? { now } : {}),
    ...(onTurn ? { onTurn } : {}),
  });
}

async function send(agent: ReturnType<typeof createAgent>, sessionKey: string, message: string) {
  const events: ChatEvent[] = [];
  const run = agent.send({ sessionKey, message }, (e) => events.push(e));
  const result = await run.done;
  return { run, result, events };
}

const codexCli = (token: string) => ({
  id: 'openai-codex:codex-cli',
  status: 'ok' as const,
  credential: { type: 'oauth' as const, accessToken: token, accountId: 'acct-1' },
});
const codexOwn = (token: string) => ({
  id: 'openai-codex:default',
  status: 'ok' as const,
  credential: { type: 'oauth' as const, accessToken: token, accountId: 'acct-1' },
});

describe('agent', () => {
  it('streams deltas then one final event, and keeps the session across a restart', async () => {
    const { auth } = memoryAuth([codexCli('cli-token-aaaaaaaa')]);
    const agent = makeAgent({}, auth);
    const first = await send(agent, 'discord:dm:1', 'hello');
    expect(first.result).toMatchObject({
      ok: true,
      model: 'openai-codex/gpt-6.1-sol',
      profileId: 'openai-codex:codex-cli',
    });
    expect(first.result.text).toBe('you said: hello (1 messages)');
    const states = first.events.map((e) => e.state);
    expect(states.at(-1)).toBe('final');
    expect(states.filter((s) => s === 'delta').length).toBeGreaterThan(1);
    expect(first.events.every((e) => e.runId === first.run.runId && e.sessionKey === 'discord:dm:1')).toBe(true);
    expect(
      first.events
        .filter((e) => e.state === 'delta')
        .map((e) => e.text)
        .join(''),
    ).toBe(first.result.text);
    await agent.close();

    const files = await fs.readdir(path.join(home.clawbarHome, 'sessions'));
    expect(files).toHaveLength(1);
    const stat = await fs.stat(path.join(home.clawbarHome, 'sessions', files[0]!));
    expect(stat.mode & 0o777).toBe(0o600);

    // A new agent (a restarted gateway) sends the kept history along.
    const again = makeAgent({}, auth);
    const second = await send(again, 'discord:dm:1', 'and again');
    expect(second.result.text).toBe('you said: and again (3 messages)');
    const other = await send(again, 'discord:dm:2', 'someone else');
    expect(other.result.text).toBe('you said: someone else (1 messages)');
    await again.close();
  });

  it('keeps only the last historyTurns turns', async () => {
    const { auth } = memoryAuth([codexCli('cli-token-aaaaaaaa')]);
    const agent = makeAgent({ agent: { historyTurns: 2 } }, auth);
    for (const message of ['one', 'two', 'three']) await send(agent, 's', message);
    const last = await send(agent, 's', 'four');
    // Two kept turns (4 messages) plus the new one.
    expect(last.result.text).toBe('you said: four (5 messages)');
    await agent.close();
  });

  it('marks a profile answering 401 as rejected, answers with the next one, and skips it afterwards', async () => {
    const { auth, rejected } = memoryAuth([codexOwn('own-token-rejected'), codexCli('cli-token-good')]);
    server.behave('own-token-rejected', { kind: 'reject', status: 401 });
    const agent = makeAgent({}, auth);
    const { result } = await send(agent, 's', 'hi');
    expect(result).toMatchObject({ ok: true, profileId: 'openai-codex:codex-cli' });
    expect(rejected.get('openai-codex:default')).toBe(401);
    expect(auth.profiles().find((p) => p.id === 'openai-codex:default')!.status).toBe('expired');
    await send(agent, 's', 'again');
    expect(server.requests.map((r) => r.credential)).toEqual([
      'own-token-rejected',
      'cli-token-good',
      'cli-token-good',
    ]);
    expect(lines.some((l) => l.includes('openai-codex:default was rejected by openai-codex (401)'))).toBe(true);
    await agent.close();
  });

  it('records each attempt of a turn: the rejected profile, then the one that answered with its tokens', async () => {
    const turns: AgentTurn[] = [];
    const { auth } = memoryAuth([codexOwn('own-token-turn-401'), codexCli('cli-token-turn-ok')]);
    server.behave('own-token-turn-401', { kind: 'reject', status: 401 });
    const agent = makeAgent({}, auth, undefined, (turn) => turns.push(turn));
    const before = Date.now();
    await send(agent, 's', 'hi');
    expect(turns).toEqual([
      expect.objectContaining({
        profile: 'openai-codex:default',
        model: 'openai-codex/gpt-6.1-sol',
        outcome: 'rejected',
        inputTokens: 0,
        outputTokens: 0,
      }),
      expect.objectContaining({
        profile: 'openai-codex:codex-cli',
        model: 'openai-codex/gpt-6.1-sol',
        outcome: 'ok',
        inputTokens: 12,
        cachedTokens: 0,
        outputTokens: 5,
      }),
    ]);
    for (const turn of turns) {
      expect(turn.at).toBeGreaterThanOrEqual(before);
      expect(turn.latencyMs).toBeGreaterThanOrEqual(0);
      expect(turn.latencyMs).toBeLessThan(10_000);
    }
    await agent.close();
  });

  it('answers even when recording a turn throws', async () => {
    const { auth } = memoryAuth([codexCli('cli-token-record-throws')]);
    const agent = makeAgent({}, auth, undefined, () => {
      throw new Error('disk full');
    });
    expect((await send(agent, 's', 'hi')).result.ok).toBe(true);
    expect(lines.some((l) => l.includes('recording a turn failed: disk full'))).toBe(true);
    await agent.close();
  });

  it('cools a 429 profile down for Retry-After and uses it again afterwards', async () => {
    let clock = Date.parse('2026-11-25T12:00:00Z');
    const { auth } = memoryAuth([codexOwn('own-token-limited'), codexCli('cli-token-good')]);
    server.behave('own-token-limited', { kind: 'rate-limit', retryAfter: '120' });
    const agent = makeAgent({}, auth, () => clock);
    expect((await send(agent, 's', 'a')).result.profileId).toBe('openai-codex:codex-cli');
    clock += 60_000;
    expect((await send(agent, 's', 'b')).result.profileId).toBe('openai-codex:codex-cli');
    expect(server.requests.filter((r) => r.credential === 'own-token-limited')).toHaveLength(1);
    clock += 61_000;
    server.behave('own-token-limited', { kind: 'answer' });
    expect((await send(agent, 's', 'c')).result.profileId).toBe('openai-codex:default');
    await agent.close();
  });

  it('says which login to renew when no profile is usable', async () => {
    const { auth } = memoryAuth([{ ...codexCli('cli-token-expired'), status: 'expired' }]);
    const agent = makeAgent({}, auth);
    const { result, events } = await send(agent, 's', 'hi');
    expect(result.ok).toBe(false);
    expect(result.text).toBe('No usable login for openai-codex — run: codex login (or click Re-login in clawbar)');
    // The channels hold such a message until the login is renewed (channels/owner-desk.ts).
    expect(result.noUsableLogin).toBe(true);
    expect(events).toEqual([{ runId: result.runId, sessionKey: 's', state: 'error', text: result.text }]);
    expect(server.requests).toHaveLength(0);
    await agent.close();
  });

  it('falls back to the next model when the default provider has no login', async () => {
    const { auth, rejected } = memoryAuth([
      codexCli('cli-token-dead'),
      { id: 'anthropic:claude-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'claude-token-1' } },
    ]);
    server.behave('cli-token-dead', { kind: 'reject', status: 403 });
    const agent = makeAgent({ agent: { fallbacks: ['anthropic/claude-haiku-4-5'] } }, auth);
    const { result } = await send(agent, 's', 'hi');
    expect(result).toMatchObject({ ok: true, model: 'anthropic/claude-haiku-4-5', profileId: 'anthropic:claude-cli' });
    expect(rejected.get('openai-codex:codex-cli')).toBe(403);
    await agent.close();
  });

  it('reports a server failure without marking the profile', async () => {
    const { auth, rejected } = memoryAuth([codexCli('cli-token-500')]);
    server.behave('cli-token-500', { kind: 'fail', status: 500 });
    const agent = makeAgent({}, auth);
    const { result } = await send(agent, 's', 'hi');
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/^openai-codex\/gpt-6\.1-sol failed: /);
    expect(result.noUsableLogin).toBeUndefined();
    expect(rejected.size).toBe(0);
    await agent.close();
  });

  it('never logs a credential', async () => {
    const { auth } = memoryAuth([codexOwn('own-secret-token-zzzz'), codexCli('cli-secret-token-yyyy')]);
    server.behave('own-secret-token-zzzz', { kind: 'reject', status: 401 });
    server.behave('cli-secret-token-yyyy', { kind: 'rate-limit', retryAfter: '5' });
    const agent = makeAgent({}, auth);
    const { result } = await send(agent, 's', 'hi');
    expect(result.ok).toBe(false);
    expect(result.text).toContain('rate-limited');
    expect(result.noUsableLogin).toBeUndefined();
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, result.text]) {
      expect(text).not.toContain('own-secret-token-zzzz');
      expect(text).not.toContain('cli-secret-token-yyyy');
    }
    await agent.close();
  });

  it('runs the turns of one session in order', async () => {
    const { auth } = memoryAuth([codexCli('cli-token-aaaaaaaa')]);
    const agent = makeAgent({}, auth);
    const runs = ['1', '2', '3'].map((m) => agent.send({ sessionKey: 's', message: m }).done);
    const texts = (await Promise.all(runs)).map((r) => r.text);
    expect(texts).toEqual(['you said: 1 (1 messages)', 'you said: 2 (3 messages)', 'you said: 3 (5 messages)']);
    await agent.close();
  });
});
