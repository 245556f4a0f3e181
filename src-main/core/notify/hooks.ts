// Hooks (issue 18): programs the user names in config.json (`hooks.<event>`) run when something
// happens to a login, a usage window or a channel. Each runs through the one spawning door
// (process-group.ts): an argument array and no shell, in its own process group, killed as a group
// at its timeout. The event goes to it as one JSON object on stdin, with a few CLAWBAR_EVENT_*
// variables; its environment is a short allow-list, so no secret (the gateway token, a bot token,
// an API key in the user's shell) ever reaches it. A hook that fails is logged and remembered for
// the dashboard, never fatal. Hooks come from config.json only: config.set cannot add one.
//
// The JSON on stdin: `{"event": "<name>", "at": "<ISO time>", ...fields}`, fields by event:
//   profile.expiring / profile.expired / profile.restored: profileId, provider, status, expiresAt, detail
//   usage.low / usage.reset / usage.pace: provider, account, window, limit, limitName, title, body
//   usage.exhausted: provider, title, body
//   account.switched: provider, from, to, profileId (= to), title, body
//   login.failed: profileId, provider, error
//   channel.down: channel, state, detail
import { errorMessage } from '../../../src-shared/error-message.js';
import { formatDuration } from '../../../src-shared/format.js';
import { createLogger, type Logger } from '../log/logger.js';
import { killGroup, spawnGroup } from '../reauth/process-group.js';

import type { Env } from '../config/paths.js';
import type { HookEvent, HookSpec } from '../config/schema.js';

export type { HookEvent };

/** What a hook is told about its event, besides the event's name and time. */
export type HookFields = Record<string, string | number | boolean | null>;

/** One hook run that did not end well: what the dashboard shows. */
export interface HookFailure {
  event: HookEvent;
  command: string;
  /** ISO time the run started. */
  at: string;
  /** One line: `exited with code 3: <last stderr line>`, `timed out after 10s`, `cannot run: ENOENT`. */
  error: string;
}

export interface HookRunnerOptions {
  /** The hooks in force, read at each event (config.json can change while the gateway runs). */
  hooks: () => Partial<Record<HookEvent, HookSpec[]>>;
  /** Where PATH, HOME and the locale come from; default `process.env`. */
  env?: Env;
  clock?: () => number;
  logger?: Logger;
  /** Hooks running at once; further runs wait. Default 4. */
  concurrency?: number;
  /** Runs waiting beyond this are dropped (and counted as failures). Default 32. */
  maxQueued?: number;
  /** SIGTERM → SIGKILL grace when a hook outlives its timeout; default 1 s. */
  killGraceMs?: number;
  /** Called after each failure with the last failures, newest last (the gateway tells the dashboard). */
  onFailure?: (failures: HookFailure[]) => void;
}

export interface HookRunner {
  /** Runs every hook of `event` with `fields`; resolves when they have all ended (tests wait on it). */
  fire(event: HookEvent, fields: HookFields): Promise<void>;
  /** The last failures, newest last (at most 20). */
  failures(): HookFailure[];
  /** Ends running hooks (their whole groups) and waits for them; new fires are ignored from now on. */
  stop(): Promise<void>;
}

/** The only variables of the gateway's environment a hook gets: enough to run a program, no secrets. */
const PASSED_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'TZ'];
const MAX_FAILURES = 20;
const MAX_STDERR_CHARS = 4096;

/** A hook's environment: the allow-listed variables plus CLAWBAR_EVENT, _AT, _PROFILE, _PROVIDER, _ACCOUNT, _CHANNEL. */
export function hookEnv(env: Env, event: HookEvent, at: string, fields: HookFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_VARIABLES) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  out.CLAWBAR_EVENT = event;
  out.CLAWBAR_EVENT_AT = at;
  for (const [field, name] of [
    ['profileId', 'CLAWBAR_EVENT_PROFILE'],
    ['provider', 'CLAWBAR_EVENT_PROVIDER'],
    ['account', 'CLAWBAR_EVENT_ACCOUNT'],
    ['channel', 'CLAWBAR_EVENT_CHANNEL'],
  ] as const) {
    const value = fields[field];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** Hook timeouts are seconds long: `10s`, `1.5s`; a minute or more as `formatDuration` says it. */
function timeoutText(ms: number): string {
  return ms < 60_000 ? `${Number((ms / 1000).toFixed(1))}s` : formatDuration(ms);
}

/** Creates the hook runner; see {@link HookRunner}. */
export function createHookRunner(options: HookRunnerOptions): HookRunner {
  const log = options.logger ?? createLogger('hooks');
  const clock = options.clock ?? Date.now;
  const env = options.env ?? process.env;
  const concurrency = options.concurrency ?? 4;
  const maxQueued = options.maxQueued ?? 32;
  const killGraceMs = options.killGraceMs ?? 1000;
  const failures: HookFailure[] = [];
  const waiting: (() => void)[] = [];
  const running = new Set<Promise<void>>();
  const pids = new Set<number>();
  let active = 0;
  let stopped = false;

  const fail = (failure: HookFailure) => {
    log.warn(`hook ${failure.event} (${failure.command}) failed: ${failure.error}`);
    failures.push(failure);
    if (failures.length > MAX_FAILURES) failures.shift();
    options.onFailure?.([...failures]);
  };

  /** Waits for a free slot; false when the queue is full. */
  const slot = async (): Promise<boolean> => {
    if (active < concurrency) {
      active++;
      return true;
    }
    if (waiting.length >= maxQueued) return false;
    await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    return true;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  /** One run: resolves with null when the hook exited 0, else the failure line. */
  const runOne = (spec: HookSpec, event: HookEvent, at: string, fields: HookFields): Promise<string | null> =>
    new Promise((resolve) => {
      let child: ReturnType<typeof spawnGroup>;
      try {
        child = spawnGroup(spec.command, spec.args, {
          env: hookEnv(env, event, at, fields),
          stdio: ['pipe', 'ignore', 'pipe'],
        });
      } catch (error) {
        resolve(`cannot run: ${errorMessage(error)}`);
        return;
      }
      const pid = child.pid;
      if (pid !== undefined) pids.add(pid);
      let stderr = '';
      let timedOut = false;
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        if (child.pid) void killGroup(child.pid, killGraceMs);
      }, spec.timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve(`cannot run: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (pid !== undefined) pids.delete(pid);
        // Whatever it left running in its group goes with it.
        if (child.pid) void killGroup(child.pid, killGraceMs);
        if (timedOut) resolve(`timed out after ${timeoutText(spec.timeoutMs)}`);
        else if (code === 0) resolve(null);
        else {
          const last = stderr.trim().split('\n').pop()?.trim();
          const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
          resolve(last ? `${how}: ${last.slice(0, 300)}` : how);
        }
      });
      // A hook that does not read stdin closes the pipe: that is its business, not a failure.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(`${JSON.stringify({ event, at, ...fields })}\n`);
    });

  const runQueued = async (spec: HookSpec, event: HookEvent, fields: HookFields) => {
    const at = new Date(clock()).toISOString();
    const got = await slot();
    if (stopped) {
      // Woken by stop(): the run never starts.
      if (got) release();
      return;
    }
    if (!got) {
      fail({ event, command: spec.command, at, error: `dropped: more than ${maxQueued} hooks waiting` });
      return;
    }
    try {
      const error = await runOne(spec, event, at, fields);
      if (error) fail({ event, command: spec.command, at, error });
    } finally {
      release();
    }
  };

  return {
    async fire(event, fields) {
      if (stopped) return;
      const specs = options.hooks()[event] ?? [];
      const runs = specs.map((spec) => {
        const run = runQueued(spec, event, fields);
        running.add(run);
        void run.finally(() => running.delete(run));
        return run;
      });
      await Promise.all(runs);
    },
    failures: () => [...failures],
    async stop() {
      stopped = true;
      for (const resolve of waiting.splice(0)) resolve();
      await Promise.all([...pids].map((pid) => killGroup(pid, killGraceMs)));
      await Promise.all([...running]);
    },
  };
}
