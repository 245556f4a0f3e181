// The ranges and defaults of the settings: config/schema.ts enforces the ranges, config/load.ts
// applies the defaults, and the renderer's settings form shows and checks both before sending.
// Kept here, in one place both sides import, so the form never drifts from what the gateway takes.

/**
 * The range each duration may take, as the README documents it. Outside it a value is a mistake
 * that would hurt: a usage period past Node's 24.8-day timer limit polled 200 times a second, a
 * zero login timeout failed every login at once.
 */
export const DURATION_RANGES = {
  'auth.warnBefore': ['1m', '30d'],
  // At least 5 minutes: a probe is a request to the provider, not a heartbeat.
  'auth.probe': ['5m', '24h'],
  'usage.refresh': ['60s', '24h'],
  'notifications.expiring': ['1m', '30d'],
  'reauth.timeout': ['30s', '2h'],
  'reauth.refreshBefore': ['5m', '7d'],
  'hooks.timeout': ['1s', '10m'],
} as const satisfies Record<string, readonly [string, string]>;

/** The defaults of the settings `config.set` may change (DESIGN.md §2); `agentModel`'s is the registry's. */
export const SETTING_DEFAULTS = {
  warnBefore: '24h',
  usageRefresh: '300s',
  notifyExpiring: ['24h', '1h'],
  notifyUsageUsedPercent: [80, 95],
} as const;
