// The real preload, bundled as scripts/build-main.mjs bundles it (CommonJS, `electron` external), then
// run with a recording stand-in for contextBridge and ipcRenderer: what it hands the page is exactly
// one function, over the one declared channel.
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
        return Promise.resolve({ url: 'ws://127.0.0.1:1/ws', token: 't' });
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

describe('preload', () => {
  it('exposes exactly one function, getGatewayConnection, and nothing else', async () => {
    const { exposed } = await loadPreload();
    expect(exposed.map((e) => e.key)).toEqual(['clawbar']);
    const api = exposed[0]!.api as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(api)).toEqual(['getGatewayConnection']);
    expect(typeof api.getGatewayConnection).toBe('function');
  });

  it('asks the main process over the declared channel only, passing nothing from the page', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed[0]!.api as { getGatewayConnection: (...args: unknown[]) => Promise<unknown> };
    await expect(api.getGatewayConnection('page-supplied', { evil: true })).resolves.toEqual({
      url: 'ws://127.0.0.1:1/ws',
      token: 't',
    });
    expect(invoked).toEqual([[IPC.getGatewayConnection]]);
  });
});
