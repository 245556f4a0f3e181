import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { redact } from '../log/logger.js';

import { loadOrCreateGatewayToken, tokensEqual } from './token.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-token-'));
  dirs.push(dir);
  return path.join(dir, 'home', 'gateway.token');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('gateway token', () => {
  it('creates 32 random bytes base64url with mode 0600 in a 0700 dir, then reuses them', async () => {
    const file = tempFile();
    const first = await loadOrCreateGatewayToken(file, {});
    expect(first.source).toBe('created');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.token, 'base64url')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    const second = await loadOrCreateGatewayToken(file, {});
    expect(second).toEqual({ token: first.token, source: 'file' });
    expect(redact(`token ${first.token}`)).toBe('token [redacted]');
  });

  it('uses CLAWBAR_GATEWAY_TOKEN without writing a file', async () => {
    const file = tempFile();
    const result = await loadOrCreateGatewayToken(file, { CLAWBAR_GATEWAY_TOKEN: 'from-the-environment-123' });
    expect(result).toEqual({ token: 'from-the-environment-123', source: 'env' });
    expect(existsSync(file)).toBe(false);
  });

  it('tightens a token file others can read', async () => {
    const file = tempFile();
    await loadOrCreateGatewayToken(file, {});
    chmodSync(file, 0o644);
    await loadOrCreateGatewayToken(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces an empty token file with a new token', async () => {
    const file = tempFile();
    await loadOrCreateGatewayToken(file, {});
    writeFileSync(file, '\n');
    const result = await loadOrCreateGatewayToken(file, {});
    expect(result.source).toBe('created');
    expect(result.token).toHaveLength(43);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('abc ', 'abc')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });
});
