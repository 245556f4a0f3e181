// Shared set-up for the auth engine tests: a temp home, a resolved config, a file-backed secret
// store (the keychain has its own tests) and a logger that keeps its lines.
import path from 'node:path';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { resolveConfig } from '../config/load.js';
import { resolvePaths } from '../config/paths.js';
import { createFileSecretStore, type SecretStore } from '../secrets/secret-store.js';

import { createAuthEngine, type AuthEngineOptions } from './engine.js';

import type { ConfigFile } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { AuthEngine, ProfileView } from './types.js';

export interface Harness {
  home: TempHome;
  lines: string[];
  secrets: SecretStore;
  engine(
    overrides?: Partial<AuthEngineOptions> & { configFile?: ConfigFile; env?: Record<string, string> },
  ): AuthEngine;
  stopAll(): Promise<void>;
}

export function recordingLogger(lines: string[], subsystem = 'agents/auth-profiles'): Logger {
  const push = (m: string) => lines.push(`[${subsystem}] ${m}`);
  return {
    info: push,
    warn: push,
    error: push,
    debug: () => {},
    child: (s) => recordingLogger(lines, `${subsystem}/${s}`),
  };
}

export function makeHarness(): Harness {
  const home = makeTempHome();
  const lines: string[] = [];
  const secrets = createFileSecretStore(path.join(home.clawbarHome, 'secrets.json'));
  const engines: AuthEngine[] = [];
  return {
    home,
    lines,
    secrets,
    engine(overrides = {}) {
      const { configFile, env, ...rest } = overrides;
      const fullEnv = { ...home.env, ...env };
      const engine = createAuthEngine({
        paths: resolvePaths(fullEnv),
        config: resolveConfig(configFile ?? {}, fullEnv),
        env: fullEnv,
        secrets,
        keychain: () => secrets,
        logger: recordingLogger(lines),
        ...rest,
      });
      engines.push(engine);
      return engine;
    },
    async stopAll() {
      await Promise.all(engines.map((e) => e.stop()));
      home.cleanup();
    },
  };
}

/** Resolves with the next `changed` list, or rejects after `timeoutMs`. */
export function nextChange(engine: AuthEngine, timeoutMs = 8000): Promise<ProfileView[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no changed event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = engine.onChanged((profiles) => {
      clearTimeout(timer);
      off();
      resolve(profiles);
    });
  });
}

/** Waits for a `changed` whose list satisfies `predicate`. */
export async function changeWhere(
  engine: AuthEngine,
  predicate: (profiles: ProfileView[]) => boolean,
  timeoutMs = 8000,
): Promise<ProfileView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const profiles = await nextChange(engine, Math.max(1, deadline - Date.now()));
    if (predicate(profiles)) return profiles;
  }
}

export const byId = (profiles: ProfileView[], id: string) => profiles.find((p) => p.id === id);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
