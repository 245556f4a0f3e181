// A minimal client for `codex app-server` (docs/codex-cli.md#codex-app-server): one JSON object per line on stdio.
// Replies carry no `jsonrpc` field, may come out of order and are interleaved with
// notifications, so everything is matched by `id`. The child runs in its own process group and
// is always killed at the end.
import { createInterface } from 'node:readline';

import { z } from 'zod';

import { executableToSpawn } from '../config/executables.js';

import { cleanLine } from './cli-output.js';
import { killGroup, spawnGroup } from './process-group.js';

const messageSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  method: z.string().optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number().optional(), message: z.string() }).optional(),
});

/** An app-server request answered with an error, or a session that broke down. */
export class AppServerError extends Error {
  override name = 'AppServerError';
  constructor(
    message: string,
    /** The spawn error code (`ENOENT`: not installed), when the server could not start. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface AppServerSession {
  /** Sends a request and resolves with its `result` (rejects with AppServerError on `error`). */
  request(method: string, params?: unknown): Promise<unknown>;
  notify(method: string, params?: unknown): void;
  /** The last lines Codex logged on stderr (escapes removed), for error details. */
  stderrTail(): string[];
  /** Closes stdin (which ends the server) and kills the group if it lingers. */
  close(): Promise<void>;
}

export interface AppServerOptions {
  command: string;
  env?: Record<string, string | undefined>;
  /** Sent as `clientInfo` in `initialize`. */
  clientInfo: { name: string; version: string };
  /** Bound on each request; default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Starts `codex app-server` and performs the handshake (`initialize`, then the `initialized`
 * notification). Rejects with the install hint's ENOENT as `{code: 'ENOENT'}` AppServerError.
 */
export async function openAppServer(options: AppServerOptions): Promise<AppServerSession> {
  const file = executableToSpawn(options.command, options.env);
  if (file === null) throw new AppServerError(`${options.command} could not start: not found on PATH`, 'ENOENT');
  const child = spawnGroup(file, ['app-server'], {
    ...(options.env ? { env: options.env } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pgid = child.pid ?? null;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  const stderr: string[] = [];
  let nextId = 1;
  let broken: Error | null = null;

  const failAll = (error: Error) => {
    broken ??= error;
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(broken);
    }
    pending.clear();
  };

  child.once('error', (error: NodeJS.ErrnoException) => {
    failAll(new AppServerError(`${options.command} could not start: ${error.message}`, error.code));
  });
  child.once('exit', (code, signal) => {
    const last = stderr.at(-1);
    failAll(new AppServerError(`codex app-server exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`));
  });
  child.stdin!.on('error', () => undefined); // EPIPE when it died: reported through `exit`

  createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
    const text = cleanLine(line).trim();
    if (text) stderr.push(text);
    if (stderr.length > 20) stderr.shift();
  });
  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
    let message: z.infer<typeof messageSchema>;
    try {
      message = messageSchema.parse(JSON.parse(line));
    } catch {
      return; // not a protocol line
    }
    if (message.id === undefined || message.method !== undefined) return; // a notification (or a server request)
    const entry = pending.get(String(message.id));
    if (!entry) return;
    pending.delete(String(message.id));
    clearTimeout(entry.timer);
    if (message.error) entry.reject(new AppServerError(message.error.message));
    else entry.resolve(message.result);
  });

  const send = (message: object) => {
    if (!child.stdin!.writable) return;
    child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };

  const session: AppServerSession = {
    request(method, params) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(String(id));
          reject(
            new AppServerError(`codex app-server did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`),
          );
        }, timeoutMs);
        pending.set(String(id), { resolve, reject, timer });
        send({ id, method, ...(params === undefined ? {} : { params }) });
      });
    },
    notify(method, params) {
      send({ method, ...(params === undefined ? {} : { params }) });
    },
    stderrTail: () => [...stderr],
    async close() {
      failAll(new AppServerError('session closed'));
      child.stdin!.end();
      if (pgid === null) return;
      // It exits once stdin closes; give it a moment, then make sure the group is gone.
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([exited, timer]);
      await killGroup(pgid, 1000);
    },
  };

  try {
    await session.request('initialize', { clientInfo: options.clientInfo });
  } catch (error) {
    await session.close();
    throw error;
  }
  session.notify('initialized');
  return session;
}
