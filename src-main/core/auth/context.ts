// What a process needs to run the auth engine, resolved from one environment: paths, config and
// the secret store config chooses. The CLI commands and the gateway both start here.
import { loadConfig } from '../config/load.js';
import { resolvePaths, type ClawbarPaths, type Env } from '../config/paths.js';
import { createSecretStore, type SecretStore } from '../secrets/secret-store.js';

import type { Config } from '../config/schema.js';

export interface AuthContext {
  env: Env;
  paths: ClawbarPaths;
  config: Config;
  secrets: SecretStore;
}

/** Resolves paths from `env`, loads config (`configFile` or `$CLAWBAR_HOME/config.json`) and picks the secret store. */
export async function loadAuthContext(env: Env, configFile?: string): Promise<AuthContext> {
  const paths = resolvePaths(env);
  const config = await loadConfig(configFile ?? paths.config, env);
  return { env, paths, config, secrets: createSecretStore(config.secrets.backend, paths.home) };
}
