// `config.get` / `config.set`: the dashboard's settings, read from and written to config.json.
// Only the keys a user changes through the settings view are touched; the rest of the file is kept.
// The login commands are shown but never written here: config.set's params are an allow-list
// (protocol.ts), so which program a login runs comes from config.json on disk or the environment.
import { ConfigError, readConfigFile, resolveConfig, writeConfigFile } from '../config/load.js';
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

/**
 * The settings service: `get` reads config.json fresh (another editor may have changed it);
 * `set` validates the patched file with the config schema, writes it atomically, then reports the
 * new resolved config. An invalid value answers INVALID_REQUEST and leaves the file untouched.
 */
export function createConfigSettings(options: ConfigSettingsOptions): SettingsService {
  const read = async (): Promise<ConfigFile> => {
    try {
      return await readConfigFile(options.file);
    } catch (error) {
      if (error instanceof ConfigError) throw new MethodError('UNAVAILABLE', error.message);
      throw error;
    }
  };
  const resolve = (file: ConfigFile): Config => {
    try {
      return resolveConfig(file, options.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new MethodError('INVALID_REQUEST', error.message);
      throw error;
    }
  };
  // One write at a time: two quick saves must not interleave their read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async get() {
      const file = await read();
      return { settings: settingsView(resolve(file), file), path: options.file };
    },
    set(patch) {
      const run = queue.then(async () => {
        const next = applySettingsPatch(await read(), patch);
        try {
          await writeConfigFile(options.file, next);
        } catch (error) {
          if (error instanceof ConfigError) throw new MethodError('INVALID_REQUEST', error.message);
          throw error;
        }
        const config = resolve(next);
        options.onChanged(config);
        return { settings: settingsView(config, next) };
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
