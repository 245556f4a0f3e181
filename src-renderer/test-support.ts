// Builders for renderer tests: wire-shaped views with sensible defaults.
import { type ProfileView, type ProviderUsage, type Snapshot } from '../src-main/protocol';

export function profileView(overrides: Partial<ProfileView> & { id: string }): ProfileView {
  const [provider = 'openai-codex'] = overrides.id.split(':');
  return {
    provider,
    type: 'oauth',
    source: 'codex-cli',
    status: 'ok',
    expiresAt: null,
    remainingMs: null,
    refreshable: true,
    detail: null,
    ...overrides,
  };
}

export function usage(overrides: Partial<ProviderUsage> = {}): ProviderUsage {
  return { windows: [], fetchedAt: new Date().toISOString(), stale: false, error: null, ...overrides };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    generatedAt: new Date().toISOString(),
    warnBeforeMs: 24 * 3600_000,
    gateway: {
      name: 'clawbar',
      version: '0.1.0',
      pid: 4242,
      port: 18789,
      startedAt: new Date().toISOString(),
      agentModel: 'openai-codex/gpt-5.2',
    },
    profiles: [],
    providers: [],
    channels: [],
    logins: [],
    ...overrides,
  };
}
