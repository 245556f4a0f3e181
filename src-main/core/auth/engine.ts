// The auth engine: reads every credential source, decides which profiles exist (DESIGN.md §3),
// watches the files, and tells listeners once per real change. Sources → readings → status:
// status itself comes only from status.ts.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger, registerSecret, type Logger } from '../log/logger.js';
import {
  PROVIDERS,
  accountMainProfile,
  accountSources,
  credentialSources,
  envProfiles,
  findProvider,
  ownStoreProfiles,
  profileSource,
  profileType,
} from '../providers/registry.js';
import { setLongTimeout, sleep, type Timer } from '../util/timers.js';

import { splitAccount } from './account-id.js';
import { createOwnStore, OwnStoreError, readAuthProfilesFile, type AuthProfilesFile } from './own-store.js';
import { missingReading, providerOf, type ProfileReading } from './reading.js';
import { createCliKeyringReader, type KeychainReader } from './sources/cli-keyring.js';
import { readEnvKeys } from './sources/env-source.js';
import { readOwnStore } from './sources/own-source.js';
import { nextStatusBoundary, toProfileView } from './status.js';

import type { ClawbarPaths, Env } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { DirWatch } from './dir-watcher.js';
import type { CredentialSource, SourceContext, SourceResult } from './sources/source.js';
import type { AuthEngine, Credential, ProfileView } from './types.js';

export interface AuthEngineOptions {
  paths: ClawbarPaths;
  config: Config;
  env: Env;
  /** The clock for status (epoch ms). */
  now?: () => number;
  /** clawbar's own secrets (service `clawbar`). */
  secrets: SecretStore;
  /** Readers of other programs' keychain services (`Codex Auth`, `Claude Code-credentials`); the CLIs' own keyring library by default. */
  keychain?: (service: string) => KeychainReader;
  logger?: Logger;
  /** Watch the files after `start()` (default true; `models status` reads once and exits). */
  watch?: boolean;
  /** How long a half-written file is retried before it counts as unreadable (default 2000 ms). */
  settleMs?: number;
  /** Record sources seen in auth-profiles.json so a vanished one shows as `missing` (default true). */
  rememberSeen?: boolean;
  platform?: NodeJS.Platform;
}

/** clawbar's own store and the environment; every other source is declared by a provider. */
const OWN = 'own';
const ENV = 'env';

function fingerprint(credential: Credential | null): string {
  if (!credential) return '';
  return createHash('sha256')
    .update(
      `${credential.accessToken ?? ''}\0${credential.apiKey ?? ''}\0${credential.expiresAt ?? ''}\0${credential.stamp ?? ''}`,
    )
    .digest('hex');
}

/** Providers the agent's model and fallbacks use (`<provider>/<model>` → `<provider>`). */
function dependedProviders(config: Config): Set<string> {
  const providers = new Set<string>();
  for (const model of [config.agent.model, ...config.agent.fallbacks]) {
    const slash = model.indexOf('/');
    if (slash > 0) providers.add(model.slice(0, slash));
  }
  return providers;
}

/**
 * Creates the engine. Nothing is read until `start()` or `reload()`. Every root, the clock and the
 * secret stores are parameters, so tests run it against temp dirs and a throw-away keyring.
 */
export function createAuthEngine(options: AuthEngineOptions): AuthEngine {
  const { paths, env } = options;
  let config = options.config;
  const now = options.now ?? Date.now;
  const log = options.logger ?? createLogger('agents/auth-profiles');
  const settleMs = options.settleMs ?? 2000;
  let warnBeforeMs = config.auth.warnBeforeMs;
  const keychainReaders = new Map<string, KeychainReader>();
  const keychain =
    options.keychain ??
    ((service: string) => {
      let reader = keychainReaders.get(service);
      if (!reader) keychainReaders.set(service, (reader = createCliKeyringReader(service)));
      return reader;
    });
  const ownStore = createOwnStore({ file: paths.authProfiles, secrets: options.secrets, now });
  const declaredFor = (next: Config) =>
    new Map<string, CredentialSource>(
      [...credentialSources(), ...accountSources(next.accounts)].map((source) => [source.name, source]),
    );
  let declared = declaredFor(config);
  // Own store first: its seen-list decides how the others are reported.
  let SOURCES = [OWN, ...declared.keys(), ENV];

  const results = new Map<string, SourceResult>();
  let ownData: AuthProfilesFile = { version: 1, profiles: {}, seen: [] };
  let ownProblem: string | null = null;
  const rejected = new Map<string, { status: number; fingerprint: string }>();
  // Notes (a failed delegated refresh) hold for the credential they were made about, like rejections.
  const notes = new Map<string, { note: string; fingerprint: string; refreshFailed: boolean }>();
  const lastSourceFingerprint = new Map<string, Map<string, string>>();
  let readings: ProfileReading[] = [];
  let signature: string | null = null;
  const listeners = new Set<(profiles: ProfileView[]) => void>();
  let stopped = false;
  let boundaryTimer: Timer | undefined;
  let watches: DirWatch[] = [];
  let watching = false;
  const debounce = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const dirty = new Set<string>();
  const pendingWrites = new Set<Promise<void>>();

  async function readSource(name: string): Promise<SourceResult> {
    if (name === ENV) return readEnvKeys(env, envProfiles());
    if (name === OWN) {
      try {
        ownData = await readAuthProfilesFile(paths.authProfiles);
        ownProblem = null;
      } catch (error) {
        if (!(error instanceof OwnStoreError)) throw error;
        // Keep the seen-list we had; show why own profiles are unavailable.
        ownData = { ...ownData, profiles: {} };
        ownProblem = error.message;
      }
      const result = await readOwnStore(ownData, options.secrets, ownStoreProfiles());
      return ownProblem ? { ...result, absentProblem: () => ownProblem! } : result;
    }
    const context: SourceContext = {
      paths,
      env,
      keychain,
      seen: new Set(ownData.seen),
      config,
      platform: options.platform ?? process.platform,
      user: env.USER || safeUser(),
    };
    return declared.get(name)!.read(context);
  }

  /** Reads a source, retrying a mid-write file with backoff for up to `settleMs`; the last good reading stands meanwhile. */
  async function refreshSource(name: string): Promise<void> {
    const started = Date.now();
    let delay = 50;
    for (;;) {
      let result: SourceResult;
      try {
        result = await readSource(name);
      } catch (error) {
        // A source must never take the engine (or another source) down: keep its last good
        // reading, or show it as unreadable when it never had one.
        const message = errorMessage(error);
        log.warn(`reading ${name} credentials failed: ${message}`);
        if (!results.has(name)) {
          results.set(name, { readings: [], candidates: [], absentProblem: () => `cannot be read: ${message}` });
        }
        return;
      }
      const elapsed = Date.now() - started;
      if (result.transient && elapsed < settleMs && !stopped) {
        await sleep(Math.min(delay, settleMs - elapsed));
        delay *= 2;
        continue;
      }
      results.set(name, result);
      return;
    }
  }

  /** Serialises refreshes per source: an event during a read triggers one more read after it. */
  function refresh(name: string): Promise<void> {
    const current = running.get(name);
    if (current) {
      dirty.add(name);
      return current;
    }
    const run = (async () => {
      do {
        dirty.delete(name);
        await refreshSource(name);
      } while (dirty.has(name) && !stopped);
    })().finally(() => running.delete(name));
    running.set(name, run);
    return run;
  }

  function assemble(): ProfileReading[] {
    const seen = new Set(ownData.seen);
    const ordered = new Set(Object.values(config.auth.order).flat());
    const shown = new Map<string, ProfileReading>();
    for (const name of SOURCES) {
      const result = results.get(name);
      if (!result) continue;
      for (const reading of result.readings) shown.set(reading.id, reading);
    }
    const addMissing = (id: string) => {
      if (shown.has(id)) return;
      // The source that would hold it says why it does not.
      const holder = SOURCES.find((name) => results.get(name)?.candidates.includes(id));
      const problem = (holder && results.get(holder)?.absentProblem(id)) ?? 'not read yet';
      shown.set(id, missingReading(id, profileSource(id) ?? holder ?? 'unknown', problem, profileType(id)));
    };
    for (const name of SOURCES) {
      for (const id of results.get(name)?.candidates ?? []) if (seen.has(id) || ordered.has(id)) addMissing(id);
    }
    // A configured account is depended on: until it is logged in it shows, with its login to run.
    for (const account of config.accounts) {
      const main = accountMainProfile(account);
      if (main) addMissing(main);
    }
    const providersShown = new Set([...shown.values()].map((r) => r.provider));
    for (const provider of dependedProviders(config)) {
      const standIn = findProvider(provider)?.standIn;
      if (standIn && !providersShown.has(provider)) addMissing(standIn);
    }
    const list = [...shown.values()].map((reading) => {
      const current = fingerprint(reading.credential);
      const note = notes.get(reading.id);
      if (note && note.fingerprint !== current) notes.delete(reading.id);
      const mark = rejected.get(reading.id);
      if (mark && mark.fingerprint !== current) rejected.delete(reading.id);
      const account = accountOf(reading.id);
      return {
        ...reading,
        ...(account ? { account: account.id, accountLabel: account.label } : {}),
        ...(rejected.has(reading.id) ? { rejectedStatus: mark!.status } : {}),
        ...(notes.has(reading.id) ? { note: note!.note } : {}),
        ...(notes.get(reading.id)?.refreshFailed ? { refreshFailed: true } : {}),
      };
    });
    return list.sort(compareProfiles(config.auth.order));
  }

  function accountOf(profileId: string) {
    const { account } = splitAccount(profileId);
    return account ? config.accounts.find((a) => a.id === account && a.provider === providerOf(profileId)) : undefined;
  }

  function logSyncs(): void {
    for (const name of SOURCES) {
      const result = results.get(name);
      if (!result) continue;
      const next = new Map(result.readings.map((r) => [r.id, fingerprint(r.credential)]));
      const previous = lastSourceFingerprint.get(name);
      lastSourceFingerprint.set(name, next);
      const label = declared.get(name)?.syncLabel;
      if (!previous || !label) continue;
      const providers = new Set<string>();
      for (const reading of result.readings) {
        const fp = next.get(reading.id)!;
        if (fp && fp !== previous.get(reading.id)) providers.add(reading.provider);
      }
      for (const provider of providers) log.info(`synced ${provider} credentials from ${label}`);
    }
  }

  function rememberSeen(): void {
    if (options.rememberSeen === false) return;
    const fresh = readings.filter((r) => r.credential && !ownData.seen.includes(r.id)).map((r) => r.id);
    if (fresh.length === 0) return;
    ownData = { ...ownData, seen: [...ownData.seen, ...fresh] };
    // Not awaited: a read-only clawbar home must not hold up (or break) the status; stop() waits for it.
    const write = ownStore
      .rememberSeen(fresh)
      .catch((error: unknown) => {
        log.debug(`cannot remember seen profiles: ${errorMessage(error)}`);
      })
      .finally(() => pendingWrites.delete(write));
    pendingWrites.add(write);
  }

  function viewsAt(at: number): ProfileView[] {
    return readings.map((r) => toProfileView(r, at, warnBeforeMs));
  }

  /**
   * Rebuilds the profile list; emits `changed` when anything but the passing of time differs. Never
   * throws: it runs from watcher events and timers, where an exception would end the process.
   */
  function recompute(emit: boolean): void {
    try {
      rebuild(emit);
    } catch (error) {
      log.error(`cannot rebuild the profiles: ${errorMessage(error)}`);
    }
  }

  function rebuild(emit: boolean): void {
    readings = assemble();
    for (const r of readings) {
      registerSecret(r.credential?.accessToken);
      registerSecret(r.credential?.apiKey);
    }
    logSyncs();
    rememberSeen();
    const views = viewsAt(now());
    const next = JSON.stringify([
      views.map((v) => ({ ...v, remainingMs: null })),
      readings.map((r) => fingerprint(r.credential)),
    ]);
    const changed = signature !== null && next !== signature;
    signature = next;
    scheduleBoundary();
    if (emit && changed && !stopped) {
      for (const listener of listeners) {
        try {
          listener(views);
        } catch (error) {
          log.error(`a changed listener failed: ${errorMessage(error)}`);
        }
      }
    }
  }

  /** One timer for the next status boundary (expiring / expired) — no polling. */
  function scheduleBoundary(): void {
    boundaryTimer?.clear();
    boundaryTimer = undefined;
    if (stopped) return;
    const at = nextStatusBoundary(readings, now(), warnBeforeMs);
    if (at === null) return;
    boundaryTimer = setLongTimeout(() => recompute(true), at - now() + 5);
  }

  async function reloadAll(emit: boolean): Promise<void> {
    // Own store first: its seen-list decides how the others are reported.
    await refresh(OWN);
    await Promise.all(SOURCES.filter((s) => s !== OWN).map(refresh));
    recompute(emit);
  }

  function onDirEvent(name: string): void {
    if (stopped) return;
    clearTimeout(debounce.get(name));
    debounce.set(
      name,
      setTimeout(() => {
        debounce.delete(name);
        void refresh(name).then(() => recompute(true));
      }, 20),
    );
  }

  /** A new set of accounts: read the new homes, forget the removed ones, watch what is there now. */
  async function followAccounts(): Promise<void> {
    declared = declaredFor(config);
    SOURCES = [OWN, ...declared.keys(), ENV];
    for (const name of [...results.keys()]) if (!SOURCES.includes(name)) results.delete(name);
    await Promise.all(SOURCES.filter((name) => name !== OWN && !results.has(name)).map(refresh));
    recompute(true);
    if (stopped || options.watch === false || !watching) return;
    const old = watches;
    watches = [];
    await Promise.all(old.map((w) => w.close()));
    await startWatcher();
  }

  async function startWatcher(): Promise<void> {
    const { watchDirectory } = await import('./dir-watcher.js');
    const onError = (error: unknown) => log.warn(`watcher: ${errorMessage(error)}`);
    // Directories, not files: chokidar misses a file created next to a watched dir, and Codex
    // keeps sessions and logs beside auth.json (depth 0 skips them).
    const dirs: [string, string][] = [
      ...[...declared.values()].flatMap((source) =>
        source.watchDirs(paths, env).map((dir): [string, string] => [dir, source.name]),
      ),
      [path.dirname(paths.authProfiles), OWN],
    ];
    watches = await Promise.all(dirs.map(([dir, name]) => watchDirectory(dir, () => onDirEvent(name), onError)));
  }

  return {
    async start() {
      stopped = false;
      await reloadAll(false);
      if (options.watch !== false) {
        watching = true;
        await startWatcher();
      }
    },
    async stop() {
      stopped = true;
      watching = false;
      boundaryTimer?.clear();
      for (const timer of debounce.values()) clearTimeout(timer);
      debounce.clear();
      await Promise.all(watches.map((w) => w.close()));
      watches = [];
      await Promise.allSettled([...running.values(), ...pendingWrites]);
    },
    async reload() {
      await reloadAll(true);
      return viewsAt(now());
    },
    profiles(at) {
      return viewsAt(at ?? now());
    },
    credential(profileId) {
      return readings.find((r) => r.id === profileId)?.credential ?? null;
    },
    markRejected(profileId, httpStatus) {
      const reading = readings.find((r) => r.id === profileId);
      if (!reading?.credential) return;
      rejected.set(profileId, { status: httpStatus, fingerprint: fingerprint(reading.credential) });
      recompute(true);
    },
    applyConfig(next) {
      const accountsChanged = JSON.stringify(next.accounts) !== JSON.stringify(config.accounts);
      config = next;
      warnBeforeMs = next.auth.warnBeforeMs;
      if (accountsChanged) {
        void followAccounts();
        return;
      }
      // A new threshold, auth order or agent model may move a status or make a profile depended on.
      recompute(true);
      // …or change which profiles a source reads (the AWS profiles Bedrock runs on).
      const readers = [...declared.values()].filter((source) => source.readsConfig).map((source) => source.name);
      if (readers.length > 0 && !stopped) void Promise.all(readers.map(refresh)).then(() => recompute(true));
    },
    warnBeforeMs: () => warnBeforeMs,
    setNote(profileId, note, options) {
      const reading = readings.find((r) => r.id === profileId);
      if (note === null) {
        if (notes.delete(profileId)) recompute(true);
        return;
      }
      if (!reading) return;
      notes.set(profileId, {
        note,
        fingerprint: fingerprint(reading.credential),
        refreshFailed: options?.refreshFailed === true,
      });
      recompute(true);
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}

/** Provider order of the registry, then profiles as `auth.order` lists them, else as their provider declares them. */
function compareProfiles(order: Record<string, string[]>) {
  const providerRank = (p: string) => {
    const i = PROVIDERS.findIndex((provider) => provider.id === p);
    return i === -1 ? PROVIDERS.length : i;
  };
  // The default home's profiles first, then each account's, each in the same order.
  const accountOf = (r: ProfileReading) => splitAccount(r.id).account ?? '';
  const nameRank = (r: ProfileReading) => {
    const listed = order[r.provider]?.indexOf(r.id) ?? -1;
    if (listed !== -1) return listed;
    const base = splitAccount(r.id).base;
    const declaredOrder = findProvider(r.provider)?.profiles ?? [];
    const i = declaredOrder.findIndex((p) => p.id === base);
    return 100 + (i === -1 ? declaredOrder.length : i);
  };
  return (a: ProfileReading, b: ProfileReading) =>
    providerRank(a.provider) - providerRank(b.provider) ||
    a.provider.localeCompare(b.provider) ||
    accountOf(a).localeCompare(accountOf(b)) ||
    nameRank(a) - nameRank(b) ||
    a.id.localeCompare(b.id);
}
