import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBedrockStandIn, type BedrockStandIn } from '../../../../test/fixtures/bedrock-stand-in.js';
import { makeTempHome } from '../../../../test/fixtures/temp-home.js';

import { bedrockRegion, createBedrockClient } from './bedrock.js';
import { classifyProviderError } from './errors.js';

import type { Credential } from '../../auth/types.js';
import type { Env } from '../../config/paths.js';

let standIn: BedrockStandIn;
let env: Env;
let cleanup: () => void;
beforeAll(async () => {
  standIn = await startBedrockStandIn();
  const home = makeTempHome('bedrock-client-');
  mkdirSync(path.join(home.root, '.aws'), { recursive: true });
  // Dummy keys: SigV4 signing is local, and the stand-in checks only that the request is signed with them.
  writeFileSync(
    path.join(home.root, '.aws', 'credentials'),
    '[work]\naws_access_key_id = AKIDWORKEXAMPLE\naws_secret_access_key = work-secret-example\n',
  );
  writeFileSync(path.join(home.root, '.aws', 'config'), '[profile work]\nregion = eu-west-3\n');
  env = { HOME: home.root, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: standIn.url };
  cleanup = home.cleanup;
});
afterAll(async () => {
  await standIn.close();
  cleanup();
});

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const credential = (profile: string | null, region?: string): Credential => ({
  profileId: `bedrock:${profile ?? 'default'}`,
  provider: 'bedrock',
  type: 'api_key',
  expiresAt: null,
  aws: { profile, ...(region ? { region } : {}) },
});

async function turn(clientEnv: Env, cred: Credential, settings: Record<string, unknown> = {}) {
  const client = createBedrockClient({
    endpoints: {} as never,
    env: clientEnv,
    timeoutMs: 10_000,
    settings: () => settings,
  });
  const deltas: string[] = [];
  const text = await client.complete({
    model: MODEL,
    instructions: 'be brief',
    messages: [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'hello there' },
    ],
    credential: cred,
    onDelta: (d) => deltas.push(d),
  });
  return { text, deltas };
}

describe('bedrock client (ConverseStream through the AWS SDK)', () => {
  it("streams a Converse reply, signed with the named AWS profile's keys for its region", async () => {
    standIn.reply({ kind: 'text', deltas: ['Hello', ' from', ' Bedrock'] });
    const { text, deltas } = await turn(env, credential('work', 'eu-west-3'));
    expect(deltas).toEqual(['Hello', ' from', ' Bedrock']);
    expect(text).toBe('Hello from Bedrock');
    const request = standIn.requests.at(-1)!;
    expect(request.modelId).toBe(MODEL);
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDWORKEXAMPLE\/\d{8}\/eu-west-3\/bedrock\/aws4_request, /,
    );
    expect(request.headers.authorization).not.toContain('work-secret-example');
    expect(request.body).toEqual({
      system: [{ text: 'be brief' }],
      messages: [
        { role: 'user', content: [{ text: 'first' }] },
        { role: 'assistant', content: [{ text: 'ok' }] },
        { role: 'user', content: [{ text: 'hello there' }] },
      ],
      inferenceConfig: { maxTokens: 4096 },
    });
  });

  it('uses the keys in its environment when no profile is named, and the configured region over all others', async () => {
    standIn.reply({ kind: 'text', deltas: ['env'] });
    const keysEnv = {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIDENVEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_REGION: 'us-west-2',
    };
    expect((await turn(keysEnv, credential(null), { region: 'ap-south-1' })).text).toBe('env');
    expect(standIn.requests.at(-1)!.headers.authorization).toMatch(/Credential=AKIDENVEXAMPLE\/\d{8}\/ap-south-1\//);
  });

  it('turns a refused credential into an auth failure and throttling into a rate limit', async () => {
    standIn.reply({
      kind: 'http-error',
      status: 403,
      type: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    const expired = await turn(env, credential('work')).catch((e: unknown) => e);
    expect(classifyProviderError(expired)).toMatchObject({ kind: 'auth', status: 403 });
    expect(classifyProviderError(expired).message).toMatch(/^ExpiredTokenException: The security token/);

    standIn.reply({ kind: 'http-error', status: 400, type: 'ThrottlingException', message: 'Too many requests' });
    expect(classifyProviderError(await turn(env, credential('work')).catch((e: unknown) => e))).toMatchObject({
      kind: 'rate-limit',
      status: 429,
    });

    // Throttled in the middle of the stream: an exception frame after some text.
    standIn.reply({ kind: 'stream-error', deltas: ['par'], exception: 'throttlingException', message: 'slow down' });
    expect(classifyProviderError(await turn(env, credential('work')).catch((e: unknown) => e)).kind).toBe('rate-limit');
  });

  it('says which profile failed when its credentials cannot be resolved, as a rejected credential', async () => {
    const error = await turn(env, credential('nowhere')).catch((e: unknown) => e);
    expect(classifyProviderError(error).kind).toBe('auth');
    expect(classifyProviderError(error).message).toMatch(/nowhere/);
  });

  it('picks the region: config, AWS_REGION, the profile, us-east-1', () => {
    const cred = credential('work', 'eu-west-3');
    expect(bedrockRegion({ region: 'ap-south-1' }, { AWS_REGION: 'us-west-2' }, cred)).toBe('ap-south-1');
    expect(bedrockRegion({}, { AWS_REGION: 'us-west-2' }, cred)).toBe('us-west-2');
    expect(bedrockRegion({}, {}, cred)).toBe('eu-west-3');
    expect(bedrockRegion({}, {}, credential('x'))).toBe('us-east-1');
  });
});
