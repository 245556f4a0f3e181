// The real Codex CLI 0.169 (the @openai/codex devDependency) runs `codex exec` end to end against
// the loopback backend stand-in over HTTPS, and its turns are captured: the request clawbar sends
// for the same model and history must carry what the CLI's does (docs/codex-backend.md lists
// every field and each deliberate difference). A Codex upgrade that changes the wire fails here.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  startFakeLlmServer,
  type FakeLlmServer,
  type RecordedRequest,
} from '../../../../test/fixtures/fake-llm-server.js';
import { codexChatgptAuthJson } from '../../../../test/fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../../../../test/fixtures/temp-home.js';
import { makeTestCa, type TestCa } from '../../../../test/fixtures/test-ca.js';
import { DEFAULT_MODEL } from '../../providers/registry.js';
import { CATALOG, parseModelKey } from '../catalog.js';

import { CODEX_ORIGINATOR, RESPONSES_LITE_HEADER, RESPONSES_LITE_MODELS } from './openai-codex-wire.js';
import { createOpenAICodexClient } from './openai-codex.js';

import type { ChatMessage } from '../types.js';

const run = promisify(execFile);
const REAL_CODEX = path.resolve('node_modules/.bin/codex');
const ACCOUNT = 'acct-real-cli-0169';

/** The fields of `codex debug models` this test reads. */
type CodexModel = {
  slug: string;
  visibility: string;
  priority: number;
  context_window: number;
  input_modalities: string[];
  use_responses_lite: boolean;
};

interface Capture {
  /** What the real CLI sent, and what it printed. */
  real: RecordedRequest;
  stdout: string;
  /** What clawbar sent for the same model and history. */
  ours: RecordedRequest;
}

let ca: TestCa;
let home: TempHome;
let server: FakeLlmServer;
let catalog: CodexModel[];
let env: Record<string, string>;
let accessToken: string;
let captures: Record<'lite' | 'classic', Capture>;

const turns = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/backend-api/codex/responses');

async function codex(...args: string[]): Promise<string> {
  const before = turns().length;
  const exec = run(REAL_CODEX, ['exec', '--skip-git-repo-check', ...args], { env, cwd: home.root, timeout: 60_000 });
  // `codex exec` reads more prompt from a piped stdin until it closes.
  exec.child.stdin?.end();
  const { stdout } = await exec.catch((error: { stderr?: string; message: string }) => {
    throw new Error(`codex ${args.join(' ')} failed: ${error.stderr ?? error.message}`);
  });
  expect(turns().length - before, 'one turn per codex exec').toBe(1);
  return stdout;
}

async function clawbar(model: string, messages: ChatMessage[]): Promise<RecordedRequest> {
  const client = createOpenAICodexClient({ baseUrl: server.chatgptBaseUrl, timeoutMs: 30_000 });
  const credential = { profileId: 'p', provider: 'openai-codex', type: 'oauth' as const, expiresAt: null };
  await client.complete({
    model,
    instructions: 'You are the assistant behind clawbar.',
    messages,
    credential: { ...credential, accessToken, accountId: ACCOUNT },
    sessionKey: 'discord:dm:42',
    onDelta: () => {},
  });
  return turns().at(-1)!;
}

beforeAll(async () => {
  ca = makeTestCa();
  home = makeTempHome('clawbar-real-codex-');
  mkdirSync(home.codexHome, { recursive: true });
  writeFileSync(
    path.join(home.codexHome, 'auth.json'),
    codexChatgptAuthJson({ expiresAt: Date.now() + 5 * 24 * 3600_000, accountId: ACCOUNT }),
  );
  accessToken = JSON.parse(readFileSync(path.join(home.codexHome, 'auth.json'), 'utf8')).tokens.access_token;
  env = { ...home.env, SSL_CERT_FILE: ca.caFile };
  const bundled = await run(REAL_CODEX, ['debug', 'models', '--bundled'], { env, timeout: 30_000 });
  catalog = (JSON.parse(bundled.stdout) as { models: CodexModel[] }).models;
  server = await startFakeLlmServer({ tls: ca, codexModels: { models: catalog } });
  // Both the workspace routes (chatgpt_base_url) and the model catalog (openai_base_url) on loopback.
  writeFileSync(
    path.join(home.codexHome, 'config.toml'),
    [
      `chatgpt_base_url = "${server.httpsUrl}/backend-api"`,
      `openai_base_url = "${server.httpsUrl}/backend-api/codex"`,
      'cli_auth_credentials_store = "file"',
      '',
    ].join('\n'),
  );

  // The default model, second turn of a conversation (so the history shape is seen too).
  const first = await codex('say hi');
  const firstReply = first.trim().split('\n').at(-1)!;
  const stdout = await codex('resume', '--last', 'and again');
  const real = turns().at(-1)!;
  const ours = await clawbar(String(real.body.model), [
    { role: 'user', content: 'say hi' },
    { role: 'assistant', content: firstReply },
    { role: 'user', content: 'and again' },
  ]);

  // The one listed model without Responses Lite.
  const classicStdout = await codex('-m', 'gpt-5.5', 'say hi');
  const classic = turns().at(-1)!;
  captures = {
    lite: { real, stdout, ours },
    classic: {
      real: classic,
      stdout: classicStdout,
      ours: await clawbar('gpt-5.5', [{ role: 'user', content: 'say hi' }]),
    },
  };
}, 120_000);

afterAll(async () => {
  await server?.close();
  home?.cleanup();
  ca?.cleanup();
});

/** The input items, without the fields Codex adds for its own bookkeeping. */
function items(request: RecordedRequest): Array<Record<string, unknown>> {
  return (request.body.input as Array<Record<string, unknown>>).map((item) => {
    const { id: _id, internal_chat_message_metadata_passthrough: _meta, status: _status, ...rest } = item;
    return rest;
  });
}

// Headers fetch adds on its own, and the one clawbar leaves out (docs/codex-backend.md).
const FETCH_HEADERS = ['accept-encoding', 'accept-language', 'sec-fetch-mode', 'connection', 'host', 'content-length'];
const CODEX_ONLY_HEADERS = [
  'x-codex-turn-metadata', // Codex's telemetry: installation id, sandbox, turn ids
  'x-codex-window-id', // Codex's context-window bookkeeping for compaction
  'x-codex-beta-features', // remote compaction, which clawbar does not use
  'content-encoding', // zstd: Node 20 has none; the backend takes plain JSON
];
// Body fields only Codex sends: its telemetry, its default verbosity, its tools.
const CODEX_ONLY_FIELDS = ['client_metadata', 'text', 'tools'];

describe.each(['lite', 'classic'] as const)('a %s turn, as the real Codex CLI 0.169 sends it', (kind) => {
  const capture = () => captures[kind];

  it('is answered: the CLI reads the stand-in stream as the real backend stream', () => {
    expect(capture().stdout).toContain('you said: ');
  });

  it('carries the same headers, bar Codex bookkeeping, with clawbar as originator', () => {
    const { real, ours } = capture();
    const names = (r: RecordedRequest, drop: string[]) =>
      Object.keys(r.headers)
        .filter((h) => !drop.includes(h))
        .sort();
    expect(names(ours, FETCH_HEADERS)).toEqual(names(real, [...FETCH_HEADERS, ...CODEX_ONLY_HEADERS]));
    for (const name of [
      'authorization',
      'chatgpt-account-id',
      'version',
      'accept',
      'content-type',
      'x-codex-routing-hint',
    ]) {
      expect(ours.headers[name], name).toBe(real.headers[name]);
    }
    expect(ours.headers[RESPONSES_LITE_HEADER]).toBe(real.headers[RESPONSES_LITE_HEADER]);
    expect(real.headers.originator).toBe('codex_exec');
    expect(ours.headers.originator).toBe(CODEX_ORIGINATOR);
    expect(real.headers['user-agent']).toMatch(/^codex_exec\/0\.169\.0 \(\S+ [^;]+; \S+\)/);
    expect(ours.headers['user-agent']).toMatch(new RegExp(`^${CODEX_ORIGINATOR}/\\S+ \\(\\S+ [^;]+; \\S+\\)$`));
    // One conversation id, in every place the CLI puts it.
    for (const r of [real, ours]) {
      const id = r.headers['session-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect([r.headers['thread-id'], r.headers['x-client-request-id'], r.body.prompt_cache_key]).toEqual([id, id, id]);
    }
  });

  it('carries the same body fields and values', () => {
    const { real, ours } = capture();
    const fields = Object.keys(real.body).filter((f) => !CODEX_ONLY_FIELDS.includes(f));
    const reasoning = (r: RecordedRequest) => (r.body.reasoning as { context?: string } | undefined)?.context;
    if (kind === 'classic') fields.splice(fields.indexOf('reasoning'), 1); // only Codex's default effort
    expect(Object.keys(ours.body).sort()).toEqual(fields.sort());
    expect(ours.body).not.toHaveProperty('instructions');
    for (const field of ['model', 'stream', 'store', 'include', 'tool_choice', 'parallel_tool_calls']) {
      expect(ours.body[field], field).toEqual(real.body[field]);
    }
    expect(reasoning(ours)).toBe(reasoning(real));
  });

  it('sends the conversation as the same input items', () => {
    const [real, ours] = [items(capture().real), items(capture().ours)];
    const shape = (item: Record<string, unknown>) => ({
      ...item,
      content: (item.content as Array<{ type: string }> | undefined)?.map((c) => ({ ...c, text: '…' })),
      tools: item.tools === undefined ? undefined : [],
    });
    // Lite turns open with the tool bundle (Codex's has tools; clawbar offers none).
    if (kind === 'lite') expect(ours[0]).toEqual({ type: 'additional_tools', role: 'developer', tools: [] });
    expect(real[0]!.type).toBe(kind === 'lite' ? 'additional_tools' : 'message');
    // The system prompt is a developer message, shaped as Codex's own instructions are.
    const developer = (list: typeof real) => list.find((i) => i.role === 'developer' && i.type === 'message')!;
    expect(shape(developer(ours))).toEqual(shape(developer(real)));
    // The conversation itself: user and assistant messages, item for item. Codex echoes back the
    // server's output part as it came (logprobs and all); clawbar sends what an answer needs.
    const said = (list: typeof real) =>
      list
        .filter((i) => i.type === 'message' && (i.role === 'assistant' || i.role === 'user'))
        .filter((i) => !String((i.content as Array<{ text?: string }>)[0]?.text).startsWith('<environment_context>'))
        .map((i) => ({
          ...i,
          content: (i.content as Array<Record<string, unknown>>).map(({ logprobs: _logprobs, ...part }) => part),
        }));
    expect(said(ours)).toEqual(said(real));
    // What else Codex sends: the reasoning it was given back on the first turn (clawbar keeps
    // text only; docs/codex-backend.md).
    expect(real.filter((i) => i.type !== 'message' && i.type !== 'additional_tools').map((i) => i.type)).toEqual(
      kind === 'lite' ? ['reasoning'] : [],
    );
    expect(ours.filter((i) => i.type !== 'message' && i.type !== 'additional_tools')).toEqual([]);
  });
});

describe('clawbar and the Codex 0.169 model catalog', () => {
  it('defaults to the model the real CLI starts with', () => {
    expect(parseModelKey(DEFAULT_MODEL)).toMatchObject({ provider: 'openai-codex', known: true });
    expect(parseModelKey(DEFAULT_MODEL)!.name).toBe(captures.lite.real.body.model);
  });

  it('lists the models the CLI lists, in its order, with their windows and inputs', () => {
    const listed = catalog
      .filter((m) => m.visibility === 'list')
      .sort((a, b) => a.priority - b.priority)
      .map((m) => ({ name: m.slug, contextWindow: m.context_window, input: m.input_modalities }));
    const ours = CATALOG.filter((m) => m.provider === 'openai-codex').map(({ name, contextWindow, input }) => ({
      name,
      contextWindow,
      input,
    }));
    expect(ours).toEqual(listed);
  });

  it('marks exactly the models the CLI sends as Responses Lite', () => {
    const lite = catalog.filter((m) => m.use_responses_lite).map((m) => m.slug);
    expect([...RESPONSES_LITE_MODELS].sort()).toEqual(lite.sort());
  });
});
