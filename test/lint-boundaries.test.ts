import { ESLint } from 'eslint';
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

  it('bans shell.openExternal outside the one checked door', async () => {
    const code = "import { shell } from 'electron';\n\nexport const open = (u: string) => shell.openExternal(u);\n";
    expect(await ruleIds(code, 'src-main/electron/tray.ts')).toEqual([
      expect.stringMatching(/^no-restricted-properties: .*safeOpenExternal/),
    ]);
    expect(await ruleIds(code, 'src-main/electron/open-external.ts')).toEqual([]);
  });
});
