// An AWS SSO session as clawbar lives with it: the auth engine watches the SSO token cache
// (expiring, then expired, re-read on change like the Codex file), and Re-login runs
// `aws sso login --profile <name>` — here a fake `aws` that prints what the AWS CLI v2 prints
// (docs/bedrock.md#re-login) and writes the token cache as it does.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeHarness, nextChange, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { fixedConfig } from '../config/config-source.js';
import { resolveConfig } from '../config/load.js';

import { createLoginRunner } from './login-runner.js';

import type { AuthEngine } from '../auth/types.js';
import type { ConfigFile } from '../config/schema.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DEVICE_URL = 'https://device.sso.eu-west-1.amazonaws.com/';

let h: Harness;
let aws: string;
let cacheFile: string;
beforeEach(() => {
  h = makeHarness();
  aws = path.join(h.home.root, '.aws');
  mkdirSync(path.join(aws, 'sso', 'cache'), { recursive: true });
  writeFileSync(
    path.join(aws, 'config'),
    '[profile corp]\nsso_session = corp\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
  );
  cacheFile = path.join(aws, 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
});
afterEach(() => h.stopAll());

const configFile: ConfigFile = {
  agent: { model: 'bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0' },
  auth: { warnBefore: '1h' },
};
const env = { AWS_PROFILE: 'corp' };

function writeToken(expiresAt: number) {
  writeFileSync(
    cacheFile,
    JSON.stringify({ accessToken: `token-${expiresAt}`, expiresAt: new Date(expiresAt).toISOString() }),
  );
}

/** A fake `aws` v2: `sso login --profile <name>` prints the device flow, writes the cache, succeeds. */
function writeFakeAws(dir: string, expiresAt: number): string {
  const file = path.join(dir, 'aws');
  const lines = [
    'Attempting to automatically open the SSO authorization page in your default browser.',
    'If the browser does not open or you wish to use a different device to authorize this request, open the following URL:',
    '',
    DEVICE_URL,
    '',
    'Then enter the code:',
    '',
    'SQKM-TWXP',
    'Successfully logged into Start URL: https://corp.awsapps.com/start',
  ];
  const token = JSON.stringify({
    accessToken: 'fresh-sso-token',
    expiresAt: new Date(expiresAt).toISOString(),
    refreshToken: 'r',
    clientId: 'c',
    clientSecret: 's',
    registrationExpiresAt: new Date(expiresAt + 90 * 24 * HOUR).toISOString(),
  });
  writeFileSync(
    file,
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      `fs.writeFileSync(${JSON.stringify(path.join(dir, 'argv.json'))}, JSON.stringify(process.argv.slice(2)));`,
      `if (!['sso login --profile corp', 'sso login --use-device-code --profile corp'].includes(process.argv.slice(2).join(' '))) { console.error('aws: error: the following arguments are required'); process.exit(252); }`,
      `console.log(${JSON.stringify(lines.slice(0, -1).join('\n'))});`,
      `fs.writeFileSync(${JSON.stringify(cacheFile)}, ${JSON.stringify(token)});`,
      `console.log(${JSON.stringify(lines.at(-1))});`,
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

/** The login runner with `reauth.aws` pointed at the fake `aws`, and the pages it opened. */
function awsRunner(engine: AuthEngine, fake: string) {
  const config = resolveConfig(configFile, { ...h.home.env, ...env });
  config.reauth.logins.aws = { ...config.reauth.logins.aws!, command: fake };
  const opened: string[] = [];
  const runner = createLoginRunner({
    config: fixedConfig(config),
    auth: engine,
    openUrl: (url) => void opened.push(url),
    env: { ...h.home.env, ...env },
    killGraceMs: 500,
    platform: 'linux',
  });
  return { runner, opened };
}

describe('an AWS SSO session behind bedrock:corp', () => {
  it('goes ok → expiring → expired as its cached token ages, re-read when the cache changes', async () => {
    writeToken(Date.now() + 5 * HOUR);
    const engine = h.engine({ configFile, env });
    await engine.start();
    expect(engine.profiles().find((p) => p.id === 'bedrock:corp')).toMatchObject({ status: 'ok', source: 'aws-sso' });

    const expiring = nextChange(engine);
    writeToken(Date.now() + 30 * MIN);
    expect((await expiring).find((p) => p.id === 'bedrock:corp')!.status).toBe('expiring');

    const expired = nextChange(engine);
    writeToken(Date.now() - MIN);
    expect((await expired).find((p) => p.id === 'bedrock:corp')!.status).toBe('expired');
  });

  it('re-logs in with aws sso login --profile corp: opens the device page once, reads the code, reports the new expiry', async () => {
    writeToken(Date.now() - MIN);
    const engine = h.engine({ configFile, env });
    await engine.start();
    expect(engine.profiles().find((p) => p.id === 'bedrock:corp')!.status).toBe('expired');

    const freshUntil = Date.now() + 8 * HOUR;
    const fake = writeFakeAws(h.home.root, freshUntil);
    const { runner, opened } = awsRunner(engine, fake);
    try {
      const outcome = await runner.wait(runner.start('bedrock:corp').loginId);
      expect(outcome.view).toMatchObject({ state: 'succeeded', url: DEVICE_URL, userCode: 'SQKM-TWXP' });
      expect(opened).toEqual([DEVICE_URL]);
      expect(JSON.parse(readFileSync(path.join(h.home.root, 'argv.json'), 'utf8'))).toEqual([
        'sso',
        'login',
        '--profile',
        'corp',
      ]);
      const corp = engine.profiles().find((p) => p.id === 'bedrock:corp')!;
      expect(corp).toMatchObject({ status: 'ok', expiresAt: new Date(freshUntil).toISOString(), refreshable: true });
      expect(outcome.view.lines.join('\n')).not.toContain('fresh-sso-token');
    } finally {
      runner.dispose();
    }
  });

  it('asks the AWS CLI for its device flow when the login is to be finished on another device', async () => {
    writeToken(Date.now() - MIN);
    const engine = h.engine({ configFile, env });
    await engine.start();
    const fake = writeFakeAws(h.home.root, Date.now() + 8 * HOUR);
    const { runner, opened } = awsRunner(engine, fake);
    try {
      const outcome = await runner.wait(runner.start('bedrock:corp', 'device').loginId);
      expect(outcome.view).toMatchObject({ state: 'succeeded', url: DEVICE_URL, userCode: 'SQKM-TWXP' });
      expect(JSON.parse(readFileSync(path.join(h.home.root, 'argv.json'), 'utf8'))).toEqual([
        'sso',
        'login',
        '--use-device-code',
        '--profile',
        'corp',
      ]);
      // A device login is finished elsewhere: nothing opens here.
      expect(opened).toEqual([]);
    } finally {
      runner.dispose();
    }
  });
});
