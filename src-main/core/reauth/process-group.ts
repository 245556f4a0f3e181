// The one place clawbar spawns a CLI it does not own and kills it again. Children run in their
// own process group (`detached: true`), so a kill reaches whatever they started in turn (Codex
// starts helpers) and nothing is left behind. Being in their own group, they do not get the
// terminal's signals: so no group outlives clawbar, whatever way clawbar ends — the last thing the
// process does, on `exit`, is SIGKILL every group not yet ended through killGroup.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { childEnv } from '../config/child-env.js';

/** Groups spawned here and not yet known to be gone. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killLiveGroupsNow(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

/**
 * Spawns `command` with an argument array (never a shell) in a new process group, with `env`
 * (default `process.env`) stripped of clawbar's secrets.
 * Throws synchronously only for argument errors; a missing executable arrives as the child's `error` event.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; stdio?: StdioOptions; cwd?: string } = {},
): ChildProcess {
  const child = spawn(command, args, {
    detached: true,
    shell: false,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    env: childEnv(options.env),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    windowsHide: true,
  });
  const pgid = child.pid;
  if (pgid !== undefined) {
    liveGroups.add(pgid);
    // Once the whole group is gone its id may be reused: forget it then, never signal a stranger.
    child.once('exit', () => {
      if (!groupAlive(pgid)) liveGroups.delete(pgid);
    });
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', killLiveGroupsNow);
    }
  }
  return child;
}

/** What runForOutput keeps of a chatty command's stdout. */
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * Runs a short command (`codex --version`) to its end in its own group and resolves with its
 * stdout, or null when it could not start, exited non-zero, or outlived `timeoutMs` (then its
 * whole group is killed).
 */
export function runForOutput(
  file: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs: number },
): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawnGroup(file, args, {
      ...(options.env ? { env: options.env } : {}),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (output.length < MAX_OUTPUT_CHARS) output += chunk.slice(0, MAX_OUTPUT_CHARS - output.length);
    });
    const timer = setTimeout(() => void (child.pid && killGroup(child.pid, 500)), options.timeoutMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      // Whatever it started goes with it.
      if (child.pid) void killGroup(child.pid, 500);
      resolve(code === 0 ? output : null);
    });
  });
}

/**
 * Pids of the group's living (non-zombie) members, from /proc (Linux only; null elsewhere). A
 * killed grandchild re-parented to an init that is slow to reap stays a zombie in the group for a
 * while; it is dead all the same.
 */
function groupMembers(pgid: number): number[] | null {
  if (process.platform !== 'linux') return null;
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the parenthesised command: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(name));
  }
  return members;
}

/** True while the process lives (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: the group exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const members = groupMembers(pgid);
  return members === null || members.length > 0;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends a whole process group: SIGTERM, then SIGKILL after `graceMs` if anything still lives.
 * Resolves once the group is gone (or after a bounded wait past the SIGKILL).
 */
export async function killGroup(pgid: number, graceMs = 2000): Promise<void> {
  try {
    if (!groupAlive(pgid)) return;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(25);
    if (!groupAlive(pgid)) return;
    signalGroup(pgid, 'SIGKILL');
    const hardDeadline = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < hardDeadline) await sleep(25);
  } finally {
    liveGroups.delete(pgid);
  }
}
