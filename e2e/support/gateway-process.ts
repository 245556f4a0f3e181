// A real `node dist/cli.js gateway` for the Playwright suites: started on a free loopback port
// with the caller's environment, stopped with SIGTERM (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve('dist/cli.js');

export interface GatewayProcess {
  port: number;
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Everything the gateway printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

export { freePort } from '../../src-main/core/gateway/testing/free-port.js';

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the gateway and resolves once it prints `listening on ws://127.0.0.1:<port>`; rejects
 * with its output if it exits first or takes longer than `timeoutMs`.
 */
export async function startGateway(options: {
  port: number;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [CLI, 'gateway', '--port', String(options.port)], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  };
  const listening = `listening on ws://127.0.0.1:${options.port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void stop();
      reject(new Error(`gateway did not start within ${options.timeoutMs ?? 20_000} ms:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = () => {
      if (output.includes(listening)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`gateway exited (${code}) before listening:\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
  return {
    port: options.port,
    pid: child.pid ?? -1,
    origin: `http://127.0.0.1:${options.port}`,
    output: () => output,
    stop,
  };
}
