// The `aws` source against real files in a throw-away HOME: what each kind of AWS profile reads
// as, and that every value in those files is treated as hostile (huge, a FIFO, absurd times,
// prototype keys, option-shaped names) — one-line problems, never a secret.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../../test/fixtures/temp-home.js';
import { resolveConfig } from '../../config/load.js';

import { parseIni } from './aws-files.js';
import { readAwsProfiles } from './aws-source.js';

import type { Env } from '../../config/paths.js';

let home: TempHome;
let aws: string;
beforeEach(() => {
  home = makeTempHome('aws-source-');
  aws = path.join(home.root, '.aws');
  mkdirSync(path.join(aws, 'sso', 'cache'), { recursive: true });
});
afterEach(() => home.cleanup());

const HOUR = 3600_000;
const SECRET = 'wJalrXUtnFEMI-secret-never-shown';

/** A config whose agent runs on Bedrock, and whose auth order names these AWS profiles. */
function read(env: Env, order: string[] = [], seen: string[] = []) {
  const config = resolveConfig({
    agent: { model: 'bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0' },
    ...(order.length ? { auth: { order: { bedrock: order } } } : {}),
  });
  return readAwsProfiles('bedrock', { env: { HOME: home.root, ...env }, config, seen: new Set(seen) });
}

function ssoCache(key: string, token: Record<string, unknown>) {
  const file = path.join(aws, 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);
  writeFileSync(file, JSON.stringify(token));
}

describe('the aws source', () => {
  it('reads nothing when nothing depends on Bedrock: AWS credentials serve much besides it', async () => {
    const config = resolveConfig({});
    const result = await readAwsProfiles('bedrock', { env: { HOME: home.root }, config, seen: new Set() });
    expect(result.readings).toEqual([]);
  });

  it('shows static keys from ~/.aws/credentials as static, with the profile’s region, never the keys', async () => {
    writeFileSync(
      path.join(aws, 'credentials'),
      `# a comment\n[work]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ${SECRET} ; trailing\n`,
    );
    writeFileSync(path.join(aws, 'config'), '[profile work]\nregion = eu-west-3\n');
    const { readings } = await read({}, ['bedrock:work']);
    const work = readings.find((r) => r.id === 'bedrock:work')!;
    expect(work).toMatchObject({ type: 'api_key', source: 'aws', expiresAt: null, problem: null });
    expect(work.credential!.aws).toEqual({ profile: 'work', region: 'eu-west-3' });
    expect(JSON.stringify(readings)).not.toContain(SECRET);
    expect(JSON.stringify(readings)).not.toContain('AKIDEXAMPLE');
    // The chain's own profile (no AWS_PROFILE: default) is there too, and says how to get one.
    expect(readings.find((r) => r.id === 'bedrock:default')!.problem).toMatch(
      /^no AWS credentials: set AWS_ACCESS_KEY_ID/,
    );
  });

  it('shows temporary keys from the environment with the expiry the SDK reads (AWS_CREDENTIAL_EXPIRATION)', async () => {
    const expires = new Date(Date.now() + 2 * HOUR).toISOString();
    const keys = {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: 'session-token',
    };
    const [temporary] = (await read({ ...keys, AWS_CREDENTIAL_EXPIRATION: expires })).readings;
    expect(temporary).toMatchObject({
      id: 'bedrock:default',
      type: 'token',
      source: 'env',
      expiresAt: Date.parse(expires),
    });
    expect(temporary!.credential!.aws).toEqual({ profile: null });

    const [unknown] = (await read(keys)).readings;
    expect(unknown).toMatchObject({ type: 'api_key', expiresAt: null });
    expect(unknown!.note).toMatch(/expiry is unknown/);

    const [absurd] = (await read({ ...keys, AWS_CREDENTIAL_EXPIRATION: '+275760-09-13T00:00:00Z' })).readings;
    expect(absurd!.credential).toBeNull();
    expect(absurd!.problem).toBe('AWS_CREDENTIAL_EXPIRATION: token expiry is not a plausible time');

    // A named profile is what the chain uses then, not the keys in the environment.
    const [named] = (await read({ ...keys, AWS_PROFILE: 'corp' })).readings;
    expect(named).toMatchObject({ id: 'bedrock:corp', credential: null });
  });

  it('reads an SSO session’s expiry from its token cache, and says to log in when there is none', async () => {
    writeFileSync(
      path.join(aws, 'config'),
      [
        '[profile corp]',
        'sso_session = corp-sso',
        'sso_account_id = 111122223333',
        'sso_role_name = Dev',
        '[sso-session corp-sso]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    const missing = (await read({ AWS_PROFILE: 'corp' })).readings[0]!;
    expect(missing.problem).toBe('not logged in to AWS SSO (no cached token — run: aws sso login --profile corp)');

    const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    ssoCache('corp-sso', {
      accessToken: 'sso-access-token-secret',
      expiresAt,
      refreshToken: 'r',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: new Date(Date.now() + 60 * 24 * HOUR).toISOString(),
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    });
    const { readings } = await read({ AWS_PROFILE: 'corp' });
    expect(readings[0]).toMatchObject({
      id: 'bedrock:corp',
      type: 'oauth',
      source: 'aws-sso',
      expiresAt: Date.parse(expiresAt),
      refreshable: true,
      accountId: '111122223333',
    });
    expect(JSON.stringify(readings)).not.toContain('sso-access-token-secret');
  });

  it('treats every file value as hostile', async () => {
    // A FIFO where the credentials file should be: never opened for a blocking read.
    execFileSync('mkfifo', [path.join(aws, 'credentials')]);
    // A 2 MB config file: over the cap, refused in one line.
    writeFileSync(path.join(aws, 'config'), `[profile big]\nregion = ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const { readings } = await read({}, ['bedrock:big']);
    expect(readings.map((r) => [r.id, r.credential, r.problem])).toEqual([
      ['bedrock:default', null, 'config is too large to be a credential file (2.0 MB)'],
      ['bedrock:big', null, 'config is too large to be a credential file (2.0 MB)'],
    ]);
    writeFileSync(path.join(aws, 'config'), '[profile big]\nregion = us-east-1\n');
    expect((await read({}, ['bedrock:big'])).readings[1]!.problem).toBe('credentials is not a regular file');
  }, 10_000);

  it('refuses absurd SSO expiries, looping role chains and names shaped like options or prototype keys', async () => {
    writeFileSync(
      path.join(aws, 'config'),
      [
        '[profile legacy]',
        'sso_start_url = https://legacy.awsapps.com/start',
        'sso_account_id = 1',
        '[profile a]',
        'role_arn = arn:aws:iam::1:role/x',
        'source_profile = b',
        '[profile b]',
        'role_arn = arn:aws:iam::1:role/y',
        'source_profile = a',
        '[profile __proto__]',
        'aws_access_key_id = AKIDPROTO',
        'aws_secret_access_key = proto',
        '',
      ].join('\n'),
    );
    ssoCache('https://legacy.awsapps.com/start', { accessToken: 't', expiresAt: '9999-01-01T00:00:00Z' });
    const { readings } = await read(
      {},
      ['bedrock:legacy', 'bedrock:a', 'bedrock:--help', 'bedrock:__proto__'],
      ['bedrock:../x'],
    );
    const byId = new Map(readings.map((r) => [r.id, r]));
    expect(byId.get('bedrock:legacy')!.problem).toBe('the AWS SSO token: token expiry is not a plausible time');
    expect(byId.get('bedrock:a')!.problem).toMatch(/source_profile chain loops or is too long/);
    expect(byId.get('bedrock:__proto__')!.credential).toBeNull();
    expect([...byId.keys()]).not.toContain('bedrock:--help');
    expect([...byId.keys()]).not.toContain('bedrock:../x');
  });

  it('says a cached SSO token that is a symlink to nowhere is one, in one line', async () => {
    writeFileSync(
      path.join(aws, 'config'),
      '[profile s]\nsso_session = s\n[sso-session s]\nsso_start_url = https://s.awsapps.com/start\n',
    );
    const link = `${createHash('sha1').update('s').digest('hex')}.json`;
    symlinkSync(path.join(home.root, 'nowhere.json'), path.join(aws, 'sso', 'cache', link));
    const [reading] = (await read({ AWS_PROFILE: 's' })).readings;
    expect(reading!.problem).toBe(`the AWS SSO token cache: ${link} is a symlink to nowhere`);
  });

  it('parses the SDK’s INI dialect: typed sections, sub-keys, comments, quotes', () => {
    const sections = parseIni(
      [
        '[default]',
        'region = us-west-2 # comment',
        '[profile "quoted"]',
        'region=eu-central-1',
        's3 =',
        '  max_concurrent_requests = 20',
        'output = json',
        '[services dev]',
        '[plain-in-config]',
        'x = 1',
      ].join('\n'),
    );
    expect(sections.get('default')).toEqual({ region: 'us-west-2' });
    expect(sections.get('profile.quoted')).toEqual({
      region: 'eu-central-1',
      's3.max_concurrent_requests': '20',
      output: 'json',
    });
    expect(sections.get('plain-in-config')).toEqual({ x: '1' });
  });
});
