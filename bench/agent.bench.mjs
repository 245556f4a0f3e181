#!/usr/bin/env node
// Agent bench: the real agent (real SDKs) against the loopback provider stand-in, measuring
//   - a full turn (history load → streamed answer → session saved) p50/p95 per provider,
//   - the failover overhead: first profile rejected with 401, second answers,
//   - a Discord DM → answer round trip through real discord.js and the loopback Discord,
//   - a Slack DM → answer round trip through real Bolt (Socket Mode) and the loopback Slack,
//   - `clawbar models list --json` cold start (dist/cli.js), which must not load any provider SDK.
// Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { percentile, round } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = await build({
  stdin: {
    contents: [
      "export { createAgent } from './src-main/core/agent/agent.ts';",
      "export { memoryAuth } from './test/fixtures/memory-auth.ts';",
      "export { createDiscordChannel } from './src-main/core/channels/discord.ts';",
      "export { fixedConfig } from './src-main/core/config/config-source.ts';",
      "export { createSlackChannel } from './src-main/core/channels/slack.ts';",
      "export { resolveConfig } from './src-main/core/config/load.ts';",
      "export { resolveEndpoints } from './src-main/core/config/paths.ts';",
      "export { setLogSinks } from './src-main/core/log/logger.ts';",
      "export { startFakeLlmServer } from './test/fixtures/fake-llm-server.ts';",
      "export { startFakeDiscord } from './test/fixtures/fake-discord.ts';",
      "export { startFakeSlack } from './test/fixtures/fake-slack.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: path.join(root, 'node_modules', '.cache', 'clawbar-agent-bench'),
  write: false,
  logLevel: 'error',
});
const cacheDir = path.join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const dir = mkdtempSync(path.join(cacheDir, 'clawbar-agent-bench-'));
const file = path.join(dir, 'agent.mjs');
writeFileSync(file, bundled.outputFiles[0].text);
const m = await import(pathToFileURL(file).href);
m.setLogSinks([]);

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: round(percentile(sorted, 50), 2), p95Ms: round(percentile(sorted, 95), 2) };
};

const home = mkdtempSync(path.join(os.tmpdir(), 'clawbar-agent-bench-home-'));
const llm = await m.startFakeLlmServer();
const env = {
  CLAWBAR_HOME: home,
  CLAWBAR_CHATGPT_BASE_URL: llm.chatgptBaseUrl,
  OPENAI_BASE_URL: llm.openaiBaseUrl,
  CLAWBAR_ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
};
const results = {};

/** A real agent over in-memory profiles, its sessions under `<home>/sessions/<sessions>`. */
function newAgent(profiles, sessions, config = {}) {
  return m.createAgent({
    config: m.fixedConfig(m.resolveConfig(config, env)),
    auth: m.memoryAuth(profiles).auth,
    sessionsDir: path.join(home, 'sessions', sessions),
    endpoints: m.resolveEndpoints(env),
  });
}

async function turns(model, profiles, count) {
  const agent = newAgent(profiles, model.replace('/', '_'), { agent: { model, historyTurns: 20 } });
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const result = await agent.send({ sessionKey: `bench:${i % 10}`, message: `message ${i}` }).done;
    if (!result.ok) throw new Error(result.text);
    samples.push(performance.now() - started);
  }
  await agent.close();
  return stats(samples);
}

const TURNS = 200;
results.turnCodex = await turns(
  'openai-codex/gpt-6.1-sol',
  [
    {
      id: 'openai-codex:codex-cli',
      status: 'ok',
      credential: { type: 'oauth', accessToken: 'bench-codex', accountId: 'a' },
    },
  ],
  TURNS,
);
results.turnOpenAIChat = await turns(
  'openai/gpt-4.1',
  [{ id: 'openai:env', status: 'static', credential: { type: 'api_key', apiKey: 'bench-openai' } }],
  TURNS,
);
results.turnAnthropic = await turns(
  'anthropic/claude-haiku-4-5',
  [{ id: 'anthropic:claude-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'bench-claude' } }],
  TURNS,
);
// Failover: a fresh agent per sample so the first profile is tried (and rejected) every time.
{
  llm.behave('bench-rejected', { kind: 'reject', status: 401 });
  const samples = [];
  for (let i = 0; i < 50; i++) {
    const agent = newAgent(
      [
        { id: 'openai-codex:default', status: 'ok', credential: { type: 'oauth', accessToken: 'bench-rejected' } },
        { id: 'openai-codex:codex-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'bench-codex' } },
      ],
      'failover',
    );
    const started = performance.now();
    const result = await agent.send({ sessionKey: `failover:${i}`, message: 'hi' }).done;
    if (result.profileId !== 'openai-codex:codex-cli') throw new Error('failover did not happen');
    samples.push(performance.now() - started);
    await agent.close();
  }
  results.failoverTurn = stats(samples);
}

// Discord DM round trip.
{
  const token = 'bench-discord-token.0001';
  const discord = await m.startFakeDiscord({ token });
  const agent = newAgent(
    [{ id: 'openai-codex:codex-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'bench-codex' } }],
    'discord',
  );
  const channel = m.createDiscordChannel({
    config: { enabled: true, allowFrom: ['42'], guildChannels: [] },
    agent,
    env: { DISCORD_BOT_TOKEN: token },
    endpoints: { discordApiUrl: discord.apiUrl },
  });
  const loginStarted = performance.now();
  await channel.start();
  results.discordLoginMs = round(performance.now() - loginStarted, 2);
  const samples = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    discord.sendDm('42', '777', `ping ${i}`);
    await discord.waitForMessages(i + 1, 10_000);
    samples.push(performance.now() - started);
  }
  results.discordDmRoundTrip = stats(samples);
  await channel.stop();
  await agent.close();
  await discord.close();
}

// Slack DM round trip: an events_api envelope in over Socket Mode, acked, answered with chat.postMessage.
{
  const tokens = { SLACK_BOT_TOKEN: 'xoxb-bench-0000000001', SLACK_APP_TOKEN: 'xapp-1-bench-0000000001' };
  const slack = await m.startFakeSlack({ botToken: tokens.SLACK_BOT_TOKEN, appToken: tokens.SLACK_APP_TOKEN });
  const agent = newAgent(
    [{ id: 'openai-codex:codex-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'bench-codex' } }],
    'slack',
  );
  const channel = m.createSlackChannel({
    config: { enabled: true, allowFrom: ['U0000BENCH1'], channels: [] },
    agent,
    env: tokens,
    endpoints: { slackApiUrl: slack.apiUrl },
  });
  const loginStarted = performance.now();
  await channel.start();
  if (channel.status().state !== 'connected') throw new Error(`slack did not connect: ${channel.status().detail}`);
  results.slackLoginMs = round(performance.now() - loginStarted, 2);
  const samples = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    slack.sendDm('U0000BENCH1', 'D0000BENCH1', `ping ${i}`);
    await slack.waitForMessages(i + 1, 10_000);
    samples.push(performance.now() - started);
  }
  results.slackDmRoundTrip = stats(samples);
  results.slackUnackedEnvelopes = slack.unacked().length;
  await channel.stop();
  await agent.close();
  await slack.close();
}
await llm.close();

// `models list` cold start from the built CLI, and proof it loads no provider SDK.
const cli = path.join(root, 'dist', 'cli.js');
if (existsSync(cli)) {
  const hook = path.join(dir, 'trace-hook.mjs');
  const log = path.join(dir, 'resolved.txt');
  writeFileSync(
    hook,
    `import { register } from 'node:module';\nregister(${JSON.stringify(
      pathToFileURL(path.join(dir, 'trace-resolve.mjs')).href,
    )});\n`,
  );
  writeFileSync(
    path.join(dir, 'trace-resolve.mjs'),
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  appendFileSync(${JSON.stringify(log)}, specifier + '\\n');\n  return next(specifier, context);\n}\n`,
  );
  const cliEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CLAWBAR_HOME: path.join(home, 'cli'),
    CODEX_HOME: path.join(home, 'codex'),
  };
  mkdirSync(cliEnv.CLAWBAR_HOME, { recursive: true });
  writeFileSync(path.join(cliEnv.CLAWBAR_HOME, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
  const samples = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'models', 'list', '--json'], { env: cliEnv, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`models list failed: ${run.stderr}`);
    samples.push(performance.now() - started);
  }
  results.modelsListColdStart = stats(samples);
  spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, cli, 'models', 'list'], { env: cliEnv });
  const resolved = existsSync(log) ? (await import('node:fs')).readFileSync(log, 'utf8').split('\n') : [];
  // The trace must have seen the CLI's own imports, or its "false" below would prove nothing.
  if (!resolved.includes('commander')) throw new Error('the resolve trace saw nothing');
  results.modelsListLoadsSdk = resolved.some((s) =>
    /^(openai|@anthropic-ai\/sdk|discord\.js|@slack\/bolt|@whiskeysockets\/baileys)(\/|$)/.test(s),
  );
} else {
  results.modelsListColdStart = { error: 'dist/cli.js missing: run `npm run build` (npm run bench does)' };
}

rmSync(dir, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
console.log(JSON.stringify(results));
