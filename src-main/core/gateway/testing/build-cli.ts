// Builds the real `clawbar` CLI from the current sources into a private directory, so process
// tests run exactly this checkout's code without racing other builds of the shared dist/.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface BuiltCli {
  /** Path of the runnable cli.js. */
  cli: string;
  cleanup(): void;
}

/**
 * Bundles src-main/cli/main.ts like scripts/build-main.mjs does, inside node_modules/.cache (or
 * into `outdir`, which must lie inside the checkout too).
 */
export async function buildCli(options: { outdir?: string } = {}): Promise<BuiltCli> {
  // Inside the checkout, so the bundle's bare imports (ws, commander, zod) resolve from node_modules.
  const cacheDir = path.join(root, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outdir = options.outdir ?? mkdtempSync(path.join(cacheDir, 'clawbar-cli-'));
  await build({
    entryPoints: { cli: path.join(root, 'src-main/cli/main.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    packages: 'external',
    define: { __CLAWBAR_VERSION__: JSON.stringify('0.0.0-test') },
    logLevel: 'error',
  });
  return { cli: path.join(outdir, 'cli.js'), cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

export interface CliProcess {
  child: ChildProcess;
  /** The exit code (null when killed by a signal), once all of stdout and stderr is read. */
  exit: Promise<number | null>;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
}

/**
 * Runs the built CLI with `args` in `env`, collecting its output. stdin is closed unless `stdin:
 * 'pipe'` (then `child.stdin` is the terminal the test types into).
 */
export function runCli(
  built: BuiltCli,
  args: string[],
  env: Record<string, string>,
  options: { stdin?: 'ignore' | 'pipe' } = {},
): CliProcess {
  const child = spawn(process.execPath, [built.cli, ...args], {
    env,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': a test reading stdout after the exit must see all of it.
  const exit = once(child, 'close').then(([code]) => code as number | null);
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}
