// Re-login (DESIGN.md §5): runs the CLI that owns a login (`codex login`, `claude auth login`,
// `aws sso login --profile <name>`) in its own process group, streams its output as
// `login.progress`, opens the authorize URL once, and re-reads the sources when it succeeds. One
// login per CLI (per profile, for a CLI that names the profile); a second start joins it. A device
// login (`codex login --device-auth`, or clawbar's own device flow) reports a link and a one-time
// code to finish on another device instead, and opens nothing here.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';

import { formatDuration } from '../../../src-shared/format.js';
import { splitAccount } from '../auth/account-id.js';
import { providerOf } from '../auth/reading.js';
import { executableToSpawn } from '../config/executables.js';
import { loginCommandOf } from '../config/schema.js';
import { createLogger, redact } from '../log/logger.js';
import { accountHomeEnv, cliLogin, hasDeviceLogin, loginOf } from '../providers/registry.js';
import { setLongTimeout } from '../util/timers.js';

import { cleanLine, createDeviceCodeReader, extractLoginUrl, lastErrorLine } from './cli-output.js';
import { eachOutputLine } from './output-lines.js';
import { killGroup, spawnGroup } from './process-group.js';
import {
  DEVICE_CODE_LIFETIME_MS,
  LoginError,
  type LoginCli,
  type LoginMethod,
  type LoginOutcome,
  type LoginProgress,
  type LoginRunner,
  type LoginRunnerOptions,
  type LoginView,
} from './types.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';

const MAX_LINES = 40;

/** `codex login` plus the CLI's device flag (`--device-auth`), unless the configured arguments carry it. */
function deviceArgs(args: string[], flag: string): string[] {
  return args.includes(flag) ? args : [...args, flag];
}

function ownLoginTimeoutFrom(profileId: string): LoginCli {
  const login = loginOf(profileId);
  if (login?.kind !== 'own') throw new LoginError(`${profileId} is not clawbar’s own login`);
  return login.timeoutFrom;
}

/** Why a login was stopped before it ended by itself. */
type StopReason = 'cancelled' | 'timeout' | 'dispose' | 'replaced';

/** A CLI login, or clawbar's own OAuth login when `ownLogin` is given. */
type LoginKind = LoginCli | 'own';

/** An account's CLI home, set in the login's environment so the CLI signs in there (issue 17). */
interface AccountHome {
  variable: string;
  home: string;
}

interface RunningLogin {
  /**
   * What a second start joins, one login at a time per key: the CLI (`<cli>@<account>` for an
   * account's home), with the profile its arguments name (`aws bedrock:work`).
   */
  key: string;
  kind: LoginKind;
  method: LoginMethod;
  view: LoginView;
  pgid: number | null;
  done: Promise<LoginOutcome>;
  cancel(reason: StopReason): void;
}

/** Creates the login runner; see {@link LoginRunner}. */
export function createLoginRunner(options: LoginRunnerOptions): LoginRunner {
  const log = options.logger ?? createLogger('reauth');
  const clock = options.clock ?? Date.now;
  const env = options.env ?? process.env;
  const killGraceMs = options.killGraceMs ?? 2000;
  const keepFinished = options.keepFinished ?? 5;
  const platform = options.platform ?? process.platform;
  const stdin = options.stdin ?? 'ignore';
  /**
   * A CLI that opens the login page itself (Codex, docs/codex-cli.md#codex-login) goes through `$BROWSER` first
   * on Linux and the BSDs, so a no-op there leaves clawbar's checked opener as the one tab.
   */
  const childEnv = (cli: LoginCli, account: AccountHome | null): Record<string, string | undefined> => ({
    ...env,
    ...(cliLogin(cli).opensBrowser && platform !== 'darwin' && platform !== 'win32' ? { BROWSER: 'true' } : {}),
    ...(account ? { [account.variable]: account.home } : {}),
  });
  /** The home of the account a profile id names (`…@work`), null for the default home. */
  const accountHome = (profileId: string): AccountHome | null => {
    const { account } = splitAccount(profileId);
    if (!account) return null;
    const provider = providerOf(profileId);
    const entry = options.config.current().accounts.find((a) => a.provider === provider && a.id === account);
    const variable = accountHomeEnv(provider);
    if (!entry || !variable) throw new LoginError(`no account "${account}" for ${provider} in config.json accounts`);
    return { variable, home: entry.home };
  };
  const listeners = new Set<(progress: LoginProgress) => void>();
  const running = new Map<string, RunningLogin>();
  const all = new Map<string, RunningLogin>();
  const finished: string[] = [];
  let disposed = false;

  const emit = (progress: LoginProgress) => {
    for (const listener of listeners) {
      try {
        listener(progress);
      } catch (error) {
        log.warn(`login.progress listener failed: ${(error as Error).message}`);
      }
    }
  };

  const snapshot = (view: LoginView): LoginView => ({ ...view, lines: [...view.lines] });

  function run(
    kind: LoginKind,
    key: string,
    profileId: string,
    method: LoginMethod,
    account: AccountHome | null,
  ): RunningLogin {
    // The own login has no command; its provider says whose timeout it shares.
    const configured = loginCommandOf(options.config.current(), kind === 'own' ? ownLoginTimeoutFrom(profileId) : kind);
    const login = kind === 'own' ? undefined : cliLogin(kind);
    const device = method === 'device';
    const flag = login?.deviceFlag;
    const args = device && flag ? deviceArgs(configured.args, flag) : configured.args;
    const spec = {
      command: configured.command,
      // The profile a family's login renews is named last (`aws sso login --profile work`).
      args: [...args, ...(login?.profileArgs?.(profileId) ?? [])],
      // A device code lives 15 minutes: the login must not be killed before its code expires.
      timeoutMs: device ? Math.max(configured.timeoutMs, DEVICE_CODE_LIFETIME_MS + 60_000) : configured.timeoutMs,
    };
    const label = kind === 'own' ? "clawbar's own" : kind;
    const loginId = `login-${kind}-${randomUUID().slice(0, 8)}`;
    const view: LoginView = {
      loginId,
      profileId,
      state: 'starting',
      method,
      lines: [],
      startedAt: new Date(clock()).toISOString(),
    };
    const progress = (extra: Partial<LoginProgress> = {}) => {
      const event: LoginProgress = { loginId, profileId, state: view.state, method, ...extra };
      if (view.url && !event.url) event.url = view.url;
      if (view.userCode && !event.userCode) event.userCode = view.userCode;
      if (view.expiresAt && !event.expiresAt) event.expiresAt = view.expiresAt;
      emit(event);
    };
    /** The one-time code of a device login: shown until the login ends, valid until `expiresAt`. */
    const deviceCode = (userCode: string, expiresInMs: number | null) => {
      view.userCode = userCode;
      view.expiresAt = new Date(clock() + (expiresInMs ?? DEVICE_CODE_LIFETIME_MS)).toISOString();
      view.state = 'waiting';
    };

    let resolveDone!: (outcome: LoginOutcome) => void;
    const done = new Promise<LoginOutcome>((resolve) => (resolveDone = resolve));
    let ended = false;
    let stopReason: StopReason | null = null;

    const finish = async (state: 'succeeded' | 'failed' | 'cancelled', error?: string) => {
      if (ended) return;
      ended = true;
      timer.clear();
      let profile: ProfileView | null = null;
      let line: string | undefined;
      if (state === 'succeeded') {
        try {
          const profiles = await options.auth.reload();
          profile = profiles.find((p) => p.id === profileId) ?? null;
          if (profile?.remainingMs != null)
            line = `${profileId} ${profile.status}, expires in ${formatDuration(profile.remainingMs)}`;
          else if (profile) line = `${profileId} ${profile.status}`;
        } catch (reloadError) {
          log.warn(`re-reading the sources after the ${label} login failed: ${(reloadError as Error).message}`);
        }
      }
      view.state = state;
      view.endedAt = new Date(clock()).toISOString();
      if (error) view.error = redact(error);
      if (line) view.lines = [...view.lines, line].slice(-MAX_LINES);
      if (running.get(key) === entry) running.delete(key);
      finished.push(loginId);
      while (finished.length > keepFinished) all.delete(finished.shift()!);
      log.info(
        state === 'succeeded'
          ? `${label} login succeeded${line ? `: ${line}` : ''}`
          : `${label} login ${state}${view.error ? `: ${view.error}` : ''}`,
      );
      progress({ ...(line ? { line } : {}), ...(view.error ? { error: view.error } : {}) });
      resolveDone({ view: snapshot(view), profile });
    };

    const abort = new AbortController();
    let ownDone: Promise<unknown> | null = null;
    const entry: RunningLogin = {
      key,
      kind,
      method,
      view,
      pgid: null,
      done,
      cancel(reason) {
        if (ended || stopReason) return;
        stopReason = reason;
        abort.abort();
        const pgid = entry.pgid;
        if (ownDone) {
          // The own login frees its callback port before it counts as over.
          void ownDone.then(() => finish(reason === 'timeout' ? 'failed' : 'cancelled', timeoutMessage(reason)));
          return;
        }
        if (pgid === null) {
          void finish(reason === 'timeout' ? 'failed' : 'cancelled', timeoutMessage(reason));
          return;
        }
        // The outcome is decided when the child is gone: no orphan outlives a finished login.
        void killGroup(pgid, killGraceMs).then(() =>
          finish(reason === 'timeout' ? 'failed' : 'cancelled', timeoutMessage(reason)),
        );
      },
    };
    const timeoutMessage = (reason: StopReason) =>
      reason === 'timeout'
        ? device
          ? `${label} device login timed out after ${formatDuration(spec.timeoutMs)} — its code has expired; start it again`
          : `${label} login timed out after ${formatDuration(spec.timeoutMs)} — start it again when you are at the browser`
        : reason === 'dispose'
          ? 'clawbar is quitting'
          : reason === 'replaced'
            ? 'replaced by a login of the other kind (browser or device code)'
            : undefined;

    const timer = setLongTimeout(() => entry.cancel('timeout'), spec.timeoutMs);

    const openOnce = (url: string) => {
      // A device login is finished elsewhere (a phone): the link is shown, never opened here.
      if (device) return;
      // Once per login: a joined start never opens a second tab. On macOS a CLI that opens the
      // page itself (Codex) cannot be told not to, so clawbar leaves it at that one tab.
      if (kind !== 'own' && cliLogin(kind).opensBrowser && platform === 'darwin') return;
      Promise.resolve()
        .then(() => options.openUrl(url))
        .catch((error: Error) => log.warn(`could not open the browser: ${error.message}`));
    };

    if (kind === 'own') {
      const ownLogin = options.ownLogin!;
      progress({ line: `starting clawbar's own OpenAI login${device ? ' (device code)' : ''}` });
      ownDone = ownLogin({
        signal: abort.signal,
        method,
        onUrl: (url) => {
          view.url = url;
          view.state = 'waiting';
          const line = 'waiting for the browser';
          view.lines = [...view.lines, line].slice(-MAX_LINES);
          progress({ line, url });
          openOnce(url);
        },
        onDeviceCode: ({ url, userCode, expiresInMs }) => {
          view.url = url;
          deviceCode(userCode, expiresInMs);
          const line = `open ${url} and enter the code ${userCode}`;
          view.lines = [...view.lines, line].slice(-MAX_LINES);
          progress({ line });
        },
      }).then(
        () => {
          if (!stopReason) void finish('succeeded');
        },
        (error: Error) => {
          if (!stopReason) void finish('failed', error.message);
        },
      );
      ownDone = ownDone.catch(() => undefined);
      return entry;
    }
    const cli = kind;

    log.info(`starting ${spec.command} ${spec.args.join(' ')}`);
    progress({ line: `$ ${spec.command} ${spec.args.join(' ')}` });
    const file = executableToSpawn(spec.command, env);
    if (file === null) {
      // After start() has registered the login, as a spawn error would arrive.
      queueMicrotask(() => void finish('failed', cliLogin(cli).installHint));
      return entry;
    }
    // The CLI writes its login into the account's home, which it may expect to exist.
    if (account) {
      try {
        mkdirSync(account.home, { recursive: true, mode: 0o700 });
      } catch (error) {
        const why = `cannot create the account's home ${account.home}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
        queueMicrotask(() => void finish('failed', why));
        return entry;
      }
    }
    const child = spawnGroup(file, spec.args, { env: childEnv(cli, account), stdio: [stdin, 'pipe', 'pipe'] });
    entry.pgid = child.pid ?? null;

    const readDeviceCode = createDeviceCodeReader(login?.codePrompt);
    const onLine = (raw: string) => {
      const clean = cleanLine(raw);
      if (clean.trim() === '') return;
      // The URL is read from the line as printed: it carries no secret, and redaction could cut it.
      const url = !view.url ? extractLoginUrl(clean, login?.loginHosts ?? []) : null;
      const code = readDeviceCode(clean);
      // The one-time code is no secret either: the user must read it to type it on another device.
      const text = url || code ? clean : redact(clean);
      view.lines = [...view.lines, text].slice(-MAX_LINES);
      if (code && !view.userCode) deviceCode(code.userCode, code.expiresInMs);
      if (url) {
        view.url = url;
        view.state = 'waiting';
      }
      progress({ line: text });
      if (url) openOnce(url);
    };
    for (const stream of [child.stdout, child.stderr]) if (stream) eachOutputLine(stream, onLine);

    child.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'ENOENT'
          ? cliLogin(cli).installHint
          : error.code === 'EACCES'
            ? `${spec.command} is not executable — check reauth.${cli}.command in config.json`
            : `${spec.command} could not start: ${error.message}`;
      void finish('failed', message);
    });
    child.once('exit', (code, signal) => {
      if (stopReason) return; // cancel/timeout decides the outcome once the group is gone
      // The CLI is done; anything it left in its group goes with it.
      const pgid = entry.pgid;
      void (pgid !== null ? killGroup(pgid, killGraceMs) : Promise.resolve()).then(() => {
        if (code === 0) return finish('succeeded');
        const why = lastErrorLine(view.lines) ?? `${spec.command} exited with ${signal ?? `code ${code}`}`;
        return finish('failed', why);
      });
    });

    return entry;
  }

  return {
    start(profileId, method = 'browser') {
      const login = loginOf(profileId);
      const kind: LoginKind | undefined =
        login?.kind === 'cli' ? login.cli : login?.kind === 'own' && options.ownLogin ? 'own' : undefined;
      if (!kind) {
        throw new LoginError(
          login?.kind === 'own'
            ? `${profileId} is clawbar’s own login: run \`${login.command}\``
            : `no CLI login can fix ${profileId}`,
        );
      }
      if (method === 'device' && !hasDeviceLogin(profileId)) {
        const command = login?.kind === 'cli' ? [login.command, ...login.args].join(' ') : login?.command;
        throw new LoginError(`${profileId} has no device-code login: run \`${command}\` on this machine`);
      }
      if (disposed) throw new LoginError('clawbar is quitting');
      const account = kind === 'own' ? null : accountHome(profileId);
      const named = login?.kind === 'cli' ? (login.profileArgs?.(profileId) ?? []) : [];
      // One login at a time per CLI, account and named profile (`aws sso login --profile work`).
      const key = [account ? `${kind}@${splitAccount(profileId).account}` : kind, ...named].join(' ');
      const current = running.get(key);
      if (current?.method === method) return snapshot(current.view);
      // The user chose the other way (a code for the phone instead of this machine's browser): it replaces the running one.
      current?.cancel('replaced');
      const entry = run(kind, key, profileId, method, account);
      running.set(key, entry);
      all.set(entry.view.loginId, entry);
      return snapshot(entry.view);
    },
    cancel(loginId) {
      const entry = all.get(loginId);
      if (!entry || running.get(entry.key) !== entry) return false;
      entry.cancel('cancelled');
      return true;
    },
    wait(loginId) {
      const entry = all.get(loginId);
      if (!entry) return Promise.reject(new LoginError(`no login ${loginId}`));
      return entry.done;
    },
    logins() {
      return [...all.values()].map((entry) => snapshot(entry.view));
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      disposed = true;
      const active = [...running.values()];
      for (const entry of active) entry.cancel('dispose');
      await Promise.all(active.map((entry) => entry.done));
    },
  };
}
