import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The boundaries of STYLE.md rule 2, checked through the project's real ESLint config.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint boundaries', () => {
  it('rejects an electron import in src-main/core', async () => {
    const messages = await ruleIds(
      "import { app } from 'electron';\n\nexport const x = app;\n",
      'src-main/core/auth/x.ts',
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*electron.*src-main\/core is pure Node/),
    ]);
  });

  it('rejects an import of src-main/cli from src-main/core', async () => {
    const messages = await ruleIds(
      "import { CliError } from '../../cli/errors.js';\n\nexport const x = CliError;\n",
      'src-main/core/auth/x.ts',
    );
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*never imports src-main\/cli/)]);
  });

  it('rejects an import cycle', async () => {
    // engine.ts imports reading.ts: reading.ts importing the engine back closes a cycle.
    const code = "import { createAuthEngine } from './engine.js';\n\nexport const x = createAuthEngine;\n";
    expect(await ruleIds(code, 'src-main/core/auth/reading.ts')).toEqual([
      expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/),
    ]);
    // The same import from a module nothing imports is fine.
    expect(await ruleIds(code, 'src-main/core/auth/x.ts')).toEqual([]);
  });

  it('accepts the same import in src-main/electron', async () => {
    expect(
      await ruleIds("import { app } from 'electron';\n\nexport const x = app;\n", 'src-main/electron/x.ts'),
    ).toEqual([]);
  });

  it.each(['node:fs', 'fs', 'child_process'])('rejects the Node built-in %s in src-renderer', async (name) => {
    const messages = await ruleIds(`import * as m from '${name}';\n\nexport const x = m;\n`, 'src-renderer/x.tsx');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*never import Node built-ins/)]);
  });

  it('rejects Node built-ins in src-shared', async () => {
    const messages = await ruleIds(
      "import { readFileSync } from 'node:fs';\n\nexport const x = readFileSync;\n",
      'src-shared/protocol/views.ts',
    );
    expect(messages).toHaveLength(1);
  });

  it.each([
    ['document', 'document.title'],
    ['window', 'window.location.href'],
    ['WebSocket', 'new WebSocket("ws://x")'],
    ['fetch', 'fetch("http://x")'],
    ['process', 'process.env.HOME'],
    ['Buffer', 'Buffer.from("x")'],
  ])('rejects the host global %s in src-shared', async (_name, expression) => {
    const messages = await ruleIds(`export const x = () => ${expression};\n`, 'src-shared/gateway-state.ts');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-globals: .*src-shared never uses/)]);
  });

  it.each([
    ['ws', "import WebSocket from 'ws';"],
    ['react', "import { useState } from 'react';"],
    ['src-renderer', "import { App } from '../src-renderer/app';"],
    ['src-main', "import { createLogger } from '../../src-main/core/log/logger.js';"],
  ])('rejects importing %s from src-shared', async (_name, line) => {
    const messages = await ruleIds(`${line}\n\nexport const x = 1;\n`, 'src-shared/protocol/views.ts');
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(1);
  });

  it('lets src-shared import src-shared', async () => {
    const code = "import { formatDuration } from '../format.js';\n\nexport const x = formatDuration;\n";
    expect(await ruleIds(code, 'src-shared/protocol/views.ts')).toEqual([]);
  });

  it('bans shell.openExternal outside the one checked door', async () => {
    const code = "import { shell } from 'electron';\n\nexport const open = (u: string) => shell.openExternal(u);\n";
    expect(await ruleIds(code, 'src-main/electron/tray.ts')).toEqual([
      expect.stringMatching(/^no-restricted-properties: .*safeOpenExternal/),
    ]);
    expect(await ruleIds(code, 'src-main/electron/open-external.ts')).toEqual([]);
  });

  it('keeps node:child_process to the one spawning door', async () => {
    const code = "import { spawn } from 'node:child_process';\n\nexport const run = spawn;\n";
    for (const file of [
      'src-main/core/browser/open-url.ts',
      'src-main/cli/commands/doctor.ts',
      'src-main/electron/x.ts',
    ]) {
      expect(await ruleIds(code, file), file).toEqual([
        expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*process-group\.ts/),
      ]);
    }
    expect(await ruleIds(code.replace('node:child_process', 'child_process'), 'src-main/core/x.ts')).toHaveLength(1);
    expect(await ruleIds(code, 'src-main/core/reauth/process-group.ts')).toEqual([]);
    // Tests start real processes of their own.
    expect(await ruleIds(code, 'src-main/core/reauth/login-runner.test.ts')).toEqual([]);
  });

  it('still bans electron in src-main/core alongside the spawn rule', async () => {
    const code =
      "import { spawn } from 'node:child_process';\n\nimport { app } from 'electron';\n\nexport const x = [spawn, app];\n";
    const messages = await ruleIds(code, 'src-main/core/auth/x.ts');
    expect(messages).toHaveLength(2);
    expect(messages).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*electron/));
  });

  it('has one errorMessage() instead of copies of its body', async () => {
    const code = 'export const text = (e: unknown) => (e instanceof Error ? e.message : String(e));\n';
    expect(await ruleIds(code, 'src-main/core/usage/x.ts')).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Use errorMessage\(error\)/),
    ]);
    expect(await ruleIds(code, 'src-renderer/x.tsx')).toHaveLength(1);
    expect(await ruleIds(code, 'src-shared/error-message.ts')).toEqual([]);
  });
});

describe('production code never imports test code', () => {
  const banned = /^import-x\/no-restricted-paths: .*Production code never imports tests, test helpers or fixtures/;

  it.each([
    [
      'a shared fixture',
      "import { makeTempHome } from '../../../test/fixtures/temp-home.js';",
      'src-main/core/auth/x.ts',
    ],
    [
      'a capability helper',
      "import { writeFakeOpener } from './fake-opener.test-helper.js';",
      'src-main/core/browser/x.ts',
    ],
    ['a test file', "import { it } from './open-url.test.js';", 'src-main/core/browser/x.ts'],
    ['an e2e helper', "import { test } from '../../e2e/dashboard.spec.js';", 'src-main/electron/x.ts'],
    ['the renderer helper', "import { freezeClockAt } from './renderer.test-helper';", 'src-renderer/x.tsx'],
    ['the shared view builders', "import { snapshot } from '../test/fixtures/views';", 'src-renderer/x.tsx'],
    ['a fixture from src-shared', "import { snapshot } from '../test/fixtures/views.js';", 'src-shared/x.ts'],
  ])('rejects %s', async (_what, line, file) => {
    const messages = await ruleIds(`${line}\n\nexport const x = 1;\n`, file);
    expect(messages.filter((m) => m.startsWith('import-x/no-restricted-paths'))).toEqual([
      expect.stringMatching(banned),
    ]);
  });

  it('lets tests and test helpers import fixtures and helpers', async () => {
    const code =
      "import { makeTempHome } from '../../../test/fixtures/temp-home.js';\n\nexport const x = makeTempHome;\n";
    expect(await ruleIds(code, 'src-main/core/auth/x.test.ts')).toEqual([]);
    expect(await ruleIds(code, 'src-main/core/auth/x.test-helper.ts')).toEqual([]);
  });
});

describe('test code homes', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
    .split('\0')
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && existsSync(f));

  /** The folder a file belongs to: src-main/core/<x>, src-main/<x>, src-renderer, src-shared or its top folder. */
  function capability(file: string): string {
    const parts = file.split('/');
    if (parts[0] === 'src-main' && parts[1] === 'core') return parts.slice(0, 3).join('/');
    if (parts[0] === 'src-main') return parts.slice(0, 2).join('/');
    return parts[0]!;
  }

  /** Repository paths of the relative imports of `file`. */
  function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => path.normalize(path.join(path.dirname(file), name)));
  }

  it('keeps every *.test-helper file to the tests of its own capability (shared helpers live in test/fixtures)', () => {
    const strays: string[] = [];
    for (const file of tracked) {
      for (const target of importsOf(file)) {
        if (/\.test-helper(\.[jt]sx?)?$/.test(target) && capability(target) !== capability(file)) {
          strays.push(`${file} → ${target}`);
        }
      }
    }
    expect(strays).toEqual([]);
  });

  it('has no other homes for helpers (testing/ or support/ folders)', () => {
    expect(tracked.filter((f) => /(^|\/)(testing|support)\//.test(f))).toEqual([]);
  });

  it('keeps tests that boot the whole runtime or the built CLI in test/integration', () => {
    const boots = /\b(startRuntime|buildCli|useBuiltCli)\(|dist\/cli\.js/;
    const misplaced = tracked.filter(
      (f) => /\.test\.tsx?$/.test(f) && !f.startsWith('test/integration/') && boots.test(readFileSync(f, 'utf8')),
    );
    expect(misplaced).toEqual([]);
  });
});

describe('the src-shared typecheck (tsconfig.shared.json)', () => {
  /** The diagnostics tsconfig.shared.json's options give one probe file (with src-shared's host.d.ts). */
  function diagnose(code: string): string[] {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-shared-tsc-'));
    try {
      const probe = path.join(dir, 'probe.ts');
      writeFileSync(probe, code);
      const config = ts.getParsedCommandLineOfConfigFile(
        'tsconfig.shared.json',
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
          },
        },
      )!;
      const program = ts.createProgram([probe, path.resolve('src-shared/host.d.ts')], config.options);
      return ts
        .getPreEmitDiagnostics(program, program.getSourceFile(probe))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('knows timers and ECMAScript', () => {
    const code = 'const t = setTimeout(() => undefined, 10);\nclearTimeout(t);\nexport const x = [1].at(-1);\n';
    expect(diagnose(code)).toEqual([]);
  });

  it.each([
    ['the DOM', 'export const x = document.title;\n', "Cannot find name 'document'"],
    ['the browser WebSocket', 'export const x = new WebSocket("ws://127.0.0.1");\n', "Cannot find name 'WebSocket'"],
    ['Node’s process', 'export const x = process.env;\n', "Cannot find name 'process'"],
    ['Node’s timer handle', 'export const x = setTimeout(() => undefined).unref();\n', "'unref' does not exist"],
  ])('knows nothing of %s', (_what, code, error) => {
    expect(diagnose(code)).toEqual([expect.stringContaining(error)]);
  });
});
