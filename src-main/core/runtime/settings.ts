// `config.get` / `config.set`: the dashboard's settings, read from and written to config.json.
// Only the keys a user changes through the settings view are touched; the rest of the file is kept.
// The login commands are shown but never written here: config.set's params are an allow-list
// (protocol.ts), so which program a login runs comes from config.json on disk or the environment.
import path from 'node:path';

import { ConfigError, parseConfigFile, readConfigFile, resolveConfig, writeConfigFile } from '../config/load.js';
import { type Env } from '../config/paths.js';
import { loginCommandOf, type Config, type ConfigFile } from '../config/schema.js';
import { MethodError } from '../gateway/handlers.js';

import { type SettingsService } from './services.js';

import type { MethodParams, SettingsView } from '../../../src-shared/protocol/index.js';

/** A duration as config.json spells it: whole hours as `24h`, anything else in seconds (`300s`). */
function durationText(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The settings view of a resolved config, with durations as in config.json (`24h`, `300s`). */
export function settingsView(config: Config, file: ConfigFile = {}): SettingsView {
  return {
    warnBefore: file.auth?.warnBefore ?? durationText(config.auth.warnBeforeMs),
    notifyExpiring: file.notifications?.expiring ?? config.notifications.expiringMs.map(durationText),
    notifyUsageUsedPercent: config.notifications.usageUsedPercent,
    usageRefresh: file.usage?.refresh ?? durationText(config.usage.refreshMs),
    codexCommand: loginCommandOf(config, 'codex').command,
    codexArgs: loginCommandOf(config, 'codex').args,
    claudeCommand: loginCommandOf(config, 'claude').command,
    claudeArgs: loginCommandOf(config, 'claude').args,
    agentModel: config.agent.model,
  };
}

/** Applies a settings patch to a raw config file (a new object; the input is not changed). */
export function applySettingsPatch(file: ConfigFile, patch: MethodParams<'config.set'>): ConfigFile {
  const next: ConfigFile = structuredClone(file);
  if (patch.warnBefore !== undefined) next.auth = { ...next.auth, warnBefore: patch.warnBefore };
  if (patch.notifyExpiring !== undefined)
    next.notifications = { ...next.notifications, expiring: patch.notifyExpiring };
  if (patch.notifyUsageUsedPercent !== undefined) {
    next.notifications = { ...next.notifications, usageUsedPercent: patch.notifyUsageUsedPercent };
  }
  if (patch.usageRefresh !== undefined) next.usage = { ...next.usage, refresh: patch.usageRefresh };
  if (patch.agentModel !== undefined) next.agent = { ...next.agent, model: patch.agentModel };
  return next;
}

export interface ConfigSettingsOptions {
  /** config.json (or `--config`). */
  file: string;
  env: Env;
  /** Called with the new resolved config after a successful write, so parts can apply it live. */
  onChanged(config: Config): void;
}

/** Reads and edits config.json for the gateway's methods, one write at a time. */
export interface ConfigEditor {
  file: string;
  /** The raw file now (another editor may have changed it); a broken file answers UNAVAILABLE. */
  read(): Promise<ConfigFile>;
  /** The file resolved; an invalid value answers INVALID_REQUEST. */
  resolve(file: ConfigFile): Config;
  /**
   * Reads the file, lets `change` make the next one (throwing a ConfigError refuses the change),
   * validates and writes it atomically, then reports the new config. Edits never interleave.
   */
  edit<T>(
    change: (file: ConfigFile) => { next: ConfigFile; result: T },
  ): Promise<{ config: Config; next: ConfigFile; result: T }>;
}

/** A config.json editor: every gateway method that writes the file goes through one, so two writes never interleave. */
export function createConfigEditor(options: ConfigSettingsOptions): ConfigEditor {
  const asMethodError = (code: 'UNAVAILABLE' | 'INVALID_REQUEST', error: unknown): never => {
    if (error instanceof ConfigError) throw new MethodError(code, error.message);
    throw error;
  };
  const read = async (): Promise<ConfigFile> => {
    try {
      return await readConfigFile(options.file);
    } catch (error) {
      return asMethodError('UNAVAILABLE', error);
    }
  };
  const resolve = (file: ConfigFile): Config => {
    try {
      return resolveConfig(file, options.env);
    } catch (error) {
      return asMethodError('INVALID_REQUEST', error);
    }
  };
  // One write at a time: two quick saves must not interleave their read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    file: options.file,
    read,
    resolve,
    edit(change) {
      const run = queue.then(async () => {
        const current = await read();
        let changed: ReturnType<typeof change>;
        let config: Config;
        try {
          changed = change(current);
          // Checked in full (schema, then what only resolving sees: a twin account home) before writing.
          config = resolveConfig(parseConfigFile(changed.next, path.basename(options.file)), options.env);
          await writeConfigFile(options.file, changed.next);
        } catch (error) {
          return asMethodError('INVALID_REQUEST', error);
        }
        options.onChanged(config);
        return { config, next: changed.next, result: changed.result };
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * The settings service: `get` reads config.json fresh (another editor may have changed it);
 * `set` validates the patched file with the config schema, writes it atomically, then reports the
 * new resolved config. An invalid value answers INVALID_REQUEST and leaves the file untouched.
 */
export function createConfigSettings(editor: ConfigEditor): SettingsService {
  return {
    async get() {
      const file = await editor.read();
      return { settings: settingsView(editor.resolve(file), file), path: editor.file };
    },
    async set(patch) {
      const { config, next } = await editor.edit((file) => ({ next: applySettingsPatch(file, patch), result: null }));
      return { settings: settingsView(config, next) };
    },
  };
}
