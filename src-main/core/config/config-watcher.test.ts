// config.json edited while the gateway runs: a valid change is applied, a broken file is reported in
// one line and the running config stays, and a write of the same config changes nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { captureLogs, waitFor } from '../../../test/fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';

import { watchConfigFile, type ConfigWatch } from './config-watcher.js';
import { loadConfig } from './load.js';

import type { Config } from './schema.js';

let home: TempHome | undefined;
let watch: ConfigWatch | undefined;
afterEach(async () => {
  await watch?.close();
  home?.cleanup();
});

describe('watchConfigFile', () => {
  it('applies a valid edit, keeps the running config through a broken one, and ignores a same-content write', async () => {
    home = makeTempHome();
    mkdirSync(home.clawbarHome, { recursive: true });
    const file = path.join(home.clawbarHome, 'config.json');
    writeFileSync(file, JSON.stringify({ usage: { refresh: '300s' } }));
    let current: Config = await loadConfig(file, home.env);
    const applied: Config[] = [];
    let reads = 0;
    const logs = captureLogs();
    try {
      watch = await watchConfigFile({
        file,
        env: home.env,
        // Asked at each successful read of the file: how the test knows a read happened.
        current: () => {
          reads += 1;
          return current;
        },
        onChanged: (next) => {
          applied.push(next);
          current = next;
        },
      });
      writeFileSync(file, '{"usage": {"refresh": "12');
      expect(await waitFor(() => logs.lines.some((line) => line.includes('config.json')))).toBe(true);
      const warning = logs.records.filter((r) => r.level === 'warn').map((r) => r.message);
      expect(warning).toEqual([
        'config.json: not valid JSON — fix or delete ' + file + '; the gateway keeps its running config',
      ]);
      writeFileSync(file, JSON.stringify({ usage: { refresh: '600s' } }));
      expect(await waitFor(() => applied.length === 1)).toBe(true);
      expect(applied[0]!.usage.refreshMs).toBe(600_000);
      // The same config written again, differently spelt (the gateway's own config.set writes it too), is no change.
      const before = reads;
      writeFileSync(file, JSON.stringify({ usage: { refresh: '10m' } }, null, 2));
      expect(await waitFor(() => reads > before)).toBe(true);
      expect(applied).toHaveLength(1);
    } finally {
      logs.restore();
    }
  });
});
