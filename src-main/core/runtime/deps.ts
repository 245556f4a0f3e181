// Everything the runtime can hand a capability. Each start function names the part it needs
// (`Pick<RuntimeDeps, …>`), so what a capability depends on is visible in its signature.
import type { ConfigSource } from '../config/config-source.js';
import type { ClawbarPaths, Endpoints, Env } from '../config/paths.js';
import type { Gateway } from '../gateway/server.js';
import type { OpenUrl } from '../reauth/types.js';
import type { SecretStore } from '../secrets/secret-store.js';

export interface RuntimeDeps {
  paths: ClawbarPaths;
  env: Env;
  endpoints: Endpoints;
  /** The config now and its changes (config.set). */
  config: ConfigSource;
  /** The secret store config chooses (keychain or file), one for every capability. */
  secrets: SecretStore;
  /** Opens login URLs in the browser (the Electron shell passes its checked opener). */
  openUrl: OpenUrl;
  /** Sends an event to every gateway client (and to `onBroadcast` observers). */
  publish: Gateway['broadcast'];
}
