// The agent on Bedrock end to end: the real auth engine reads the AWS profiles from a temp HOME,
// the agent sends through the AWS SDK to the loopback stand-in, and a refused profile fails over
// to the next one and shows as rejected.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeHarness, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { startBedrockStandIn, type BedrockStandIn } from '../../../test/fixtures/bedrock-stand-in.js';
import { fixedConfig } from '../config/config-source.js';
import { resolveConfig } from '../config/load.js';
import { resolveEndpoints } from '../config/paths.js';

import { createAgent } from './agent.js';

import type { ConfigFile } from '../config/schema.js';

let h: Harness;
let standIn: BedrockStandIn;
beforeEach(async () => {
  h = makeHarness();
  standIn = await startBedrockStandIn();
  mkdirSync(path.join(h.home.root, '.aws'), { recursive: true });
  writeFileSync(
    path.join(h.home.root, '.aws', 'credentials'),
    '[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n[backup]\naws_access_key_id = AKIDBACKUP\naws_secret_access_key = backup-secret\n',
  );
});
afterEach(async () => {
  await standIn.close();
  await h.stopAll();
});

const file: ConfigFile = {
  agent: { model: 'bedrock/amazon.nova-pro-v1:0' },
  auth: { order: { bedrock: ['bedrock:work', 'bedrock:backup'] } },
};

async function setUp() {
  const env = { ...h.home.env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: standIn.url };
  const engine = h.engine({ configFile: file, env });
  await engine.start();
  const agent = createAgent({
    config: fixedConfig(resolveConfig(file, env)),
    auth: engine,
    sessionsDir: path.join(h.home.clawbarHome, 'sessions'),
    endpoints: resolveEndpoints(env),
    env,
    requestTimeoutMs: 10_000,
  });
  return { engine, agent };
}

describe('the agent on Bedrock', () => {
  it('answers through ConverseStream with the first AWS profile in auth.order', async () => {
    const { agent } = await setUp();
    standIn.reply({ kind: 'text', deltas: ['Nova', ' says hi'] });
    const deltas: string[] = [];
    const result = await agent.send({ sessionKey: 'dash', message: 'hello' }, (e) => {
      if (e.state === 'delta') deltas.push(e.text);
    }).done;
    expect(result).toMatchObject({
      ok: true,
      text: 'Nova says hi',
      model: 'bedrock/amazon.nova-pro-v1:0',
      profileId: 'bedrock:work',
    });
    expect(deltas.join('')).toBe('Nova says hi');
    expect(standIn.requests.at(-1)!.headers.authorization).toMatch(/Credential=AKIDWORK\//);
  });

  it('marks a profile Bedrock refuses as rejected and answers with the next one', async () => {
    const { agent, engine } = await setUp();
    standIn.reply(
      {
        kind: 'http-error',
        status: 403,
        type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      },
      { kind: 'text', deltas: ['from backup'] },
    );
    const result = await agent.send({ sessionKey: 'dash', message: 'hello' }, () => {}).done;
    expect(result).toMatchObject({ ok: true, text: 'from backup', profileId: 'bedrock:backup' });
    expect(standIn.requests.map((r) => /Credential=(\w+)\//.exec(String(r.headers.authorization))![1])).toEqual([
      'AKIDWORK',
      'AKIDBACKUP',
    ]);
    expect(engine.profiles().find((p) => p.id === 'bedrock:work')!.status).toBe('expired');
  });
});
