// A fake `xdg-open` for the opener tests: a real executable on a temp PATH dir that records the
// arguments it was run with, so a test sees exactly what would have reached the browser.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FakeOpener {
  /** The dir to put on PATH. */
  dir: string;
  /** Written by the fake when it runs: a JSON array of its arguments. */
  record: string;
  /** Written beside `record`: the names of the environment variables it ran with. */
  envRecord: string;
  cleanup(): void;
}

export function writeFakeOpener(): FakeOpener {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-opener-'));
  const record = path.join(dir, 'opened.json');
  const envRecord = path.join(dir, 'opened-env.json');
  writeFileSync(
    path.join(dir, 'xdg-open'),
    [
      '#!/usr/bin/env node',
      `require('node:fs').writeFileSync(${JSON.stringify(envRecord)}, JSON.stringify(Object.keys(process.env)));`,
      `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
  chmodSync(path.join(dir, 'xdg-open'), 0o755);
  return { dir, record, envRecord, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
