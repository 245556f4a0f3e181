// API keys from the environment: `OPENAI_API_KEY` → `openai:env`, `ANTHROPIC_API_KEY` → `anthropic:env`.
import type { Env } from '../../config/paths.js';
import type { ProfileReading } from '../reading.js';
import type { SourceResult } from './source.js';

const KEYS: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** Reads API keys from `env` (never from process.env directly: the environment is a parameter). */
export function readEnvKeys(env: Env): SourceResult {
  const readings: ProfileReading[] = [];
  for (const [provider, variable] of Object.entries(KEYS)) {
    const apiKey = env[variable]?.trim();
    if (!apiKey) continue;
    const id = `${provider}:env`;
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
    candidates: Object.keys(KEYS).map((p) => `${p}:env`),
    absentProblem: (id) => `${KEYS[id.split(':')[0]!] ?? 'the API key variable'} is not set`,
  };
}
