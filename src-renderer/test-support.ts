// Builders for renderer tests: wire-shaped views with sensible defaults, and a frozen clock.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

import { type ProfileView, type ProviderUsage, type SettingsView, type Snapshot } from '../src-shared/protocol/index';

/**
 * Every test in the file starts with fake timers and the clock at `now`; afterwards the rendered
 * tree is unmounted and real timers are back.
 */
export function freezeClockAt(now: number): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });
}

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

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    warnBefore: '24h',
    notifyExpiring: ['24h', '1h'],
    notifyUsageUsedPercent: [80, 95],
    usageRefresh: '300s',
    codexCommand: 'codex',
    codexArgs: ['login'],
    claudeCommand: 'claude',
    claudeArgs: ['auth', 'login'],
    agentModel: 'openai-codex/gpt-5.2',
    ...overrides,
  };
}
