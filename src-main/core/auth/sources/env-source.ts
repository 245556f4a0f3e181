// API keys from the environment: one variable per `env` profile the provider descriptors declare
// (`<PROVIDER>_API_KEY` → `<provider>:env`).
import { providerOf, type ProfileReading } from '../reading.js';

import type { Env } from '../../config/paths.js';
import type { SourceResult } from './source.js';

/** One `env` profile: its id and the variable holding its key. */
export interface EnvProfile {
  id: string;
  variable: string;
}

/** Reads API keys from `env` (never from process.env directly: the environment is a parameter). */
export function readEnvKeys(env: Env, profiles: readonly EnvProfile[]): SourceResult {
  const readings: ProfileReading[] = [];
  for (const { id, variable } of profiles) {
    const apiKey = env[variable]?.trim();
    if (!apiKey) continue;
    const provider = providerOf(id);
    readings.push({
      id,
      provider,
      type: 'api_key',
      source: 'env',
      expiresAt: null,
      refreshable: false,
      credential: { profileId: id, provider, type: 'api_key', apiKey, expiresAt: null },
      problem: null,
    });
  }
  return {
    readings,
    candidates: profiles.map((p) => p.id),
    absentProblem: (id) => `${profiles.find((p) => p.id === id)?.variable ?? 'the API key variable'} is not set`,
  };
}
