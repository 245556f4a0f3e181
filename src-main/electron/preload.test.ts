// The real preload, bundled as scripts/build-main.mjs bundles it (CommonJS, `electron` external), then
// run with a recording stand-in for contextBridge and ipcRenderer: what it hands the page is exactly
// one function per declared channel, each passing nothing from the page.
import path from 'node:path';
import vm from 'node:vm';

import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

import { IPC } from './ipc-channels.js';

async function loadPreload() {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    write: false,
    logLevel: 'error',
  });
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.push({ key, api }) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve(
          args[0] === IPC.getGatewayConnection ? { url: 'ws://127.0.0.1:1/ws', token: 't' } : undefined,
        );
      },
    },
  };
  // A sandboxed preload may require only `electron`; anything else is a failure here.
  const require = (name: string) => {
    if (name !== 'electron') throw new Error(`the preload requires ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(result.outputFiles[0]!.text, { require, module, exports: module.exports });
  return { exposed, invoked };
}

type Api = Record<'getGatewayConnection' | 'openDashboard' | 'quit', (...args: unknown[]) => Promise<unknown>>;

describe('preload', () => {
  it('exposes exactly getGatewayConnection, openDashboard and quit, and nothing else', async () => {
    const { exposed } = await loadPreload();
    expect(exposed.map((e) => e.key)).toEqual(['clawbar']);
    const api = exposed[0]!.api as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(api).sort()).toEqual(['getGatewayConnection', 'openDashboard', 'quit']);
    for (const name of Object.getOwnPropertyNames(api)) expect(typeof api[name], name).toBe('function');
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
  });

  it('one function per declared channel, every channel exposed', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed[0]!.api as Api;
    for (const call of [api.getGatewayConnection, api.openDashboard, api.quit]) await call();
    expect(invoked.map(([channel]) => channel).sort()).toEqual(Object.values(IPC).sort());
  });

  it('asks the main process over the declared channels only, passing nothing from the page', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed[0]!.api as Api;
    await expect(api.getGatewayConnection('page-supplied', { evil: true })).resolves.toEqual({
      url: 'ws://127.0.0.1:1/ws',
      token: 't',
    });
    await expect(api.openDashboard('https://evil.example/')).resolves.toBeUndefined();
    await expect(api.quit({ force: true })).resolves.toBeUndefined();
    expect(invoked).toEqual([[IPC.getGatewayConnection], [IPC.openDashboard], [IPC.quit]]);
  });
});
