import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServicesGateway } from '../../../test/fixtures/services-gateway.js';

import { type Gateway } from './server.js';
import { findDashboardDir } from './static-files.js';

let root: string;
let gateway: Gateway;
let bare: Gateway;

/** A raw GET, so paths like `/../x` reach the server unnormalised (fetch would resolve them). */
function get(
  port: number,
  rawPath: string,
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'clawbar-static-'));
  const dist = path.join(root, 'renderer');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>clawbar</title>');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.css'), 'body{}');
  writeFileSync(path.join(dist, 'icon.svg'), '<svg/>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the root');
  symlinkSync(path.join(root, 'secret.txt'), path.join(dist, 'assets', 'link.txt'));
  const common = {
    port: 0,
    token: 'static-test-token-000000000000000000',
    version: '1.2.3',
  };
  gateway = await startServicesGateway({ ...common, dashboardDir: dist });
  bare = await startServicesGateway({ ...common, dashboardDir: null });
});

afterAll(async () => {
  await Promise.all([gateway.close(), bare.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('HTTP', () => {
  it('answers /health without auth', async () => {
    const res = await get(gateway.port, '/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, version: '1.2.3' });
  });

  it('serves the dashboard with content types and a CSP', async () => {
    const index = await get(gateway.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>clawbar</title>');
    const csp = index.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${gateway.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect((await get(gateway.port, '/assets/app-abc123.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    const css = await get(gateway.port, '/assets/app-abc123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toContain('immutable');
    expect((await get(gateway.port, '/icon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('falls back to index.html for client-side routes, 404 for missing files', async () => {
    const route = await get(gateway.port, '/settings?tab=1');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>clawbar</title>');
    expect((await get(gateway.port, '/assets/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '/%00index.html',
    '/%E0%A4%A',
  ])('never serves anything outside the dashboard root: %s', async (raw) => {
    const res = await get(gateway.port, raw);
    expect(res.body).not.toContain('outside the root');
    expect([400, 404, 200]).toContain(res.status);
    if (res.status === 200) expect(res.body).toContain('<title>clawbar</title>');
  });

  it('refuses other methods and plain GETs of /ws', async () => {
    expect((await get(gateway.port, '/', 'POST')).status).toBe(405);
    expect((await get(gateway.port, '/ws')).status).toBe(426);
  });

  it('says how to build the dashboard when it is not built, and /health still works', async () => {
    const res = await get(bare.port, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await get(bare.port, '/health')).status).toBe(200);
  });

  it('finds dist/renderer from a bundle in dist/ or dist/chunks/', () => {
    const dist = path.join(root, 'renderer');
    expect(findDashboardDir(root)).toBe(dist);
    mkdirSync(path.join(root, 'chunks'), { recursive: true });
    expect(findDashboardDir(path.join(root, 'chunks'))).toBe(dist);
  });
});

describe('favicon', () => {
  it('answers a missing favicon.ico with 204 instead of a 404', async () => {
    expect((await get(gateway.port, '/favicon.ico')).status).toBe(204);
  });
});
