#!/usr/bin/env node
// Routing bench (issue 17): the cost of one routing decision (`routeTurn`, auth.strategy headroom)
// with 20 accounts of one provider besides the default login, each with a 5h and a weekly window
// (paced) and a named limit — and of the provider views whose headline follows that pick
// (`providerViews`, what every usage.changed and snapshot computes). µs per call, median of 7
// rounds. Prints one JSON object.
import { loadTs } from './load-ts.mjs';
import { median, round } from './stats.mjs';

const m = await loadTs([
  'src-main/core/agent/routing.ts',
  'src-main/core/auth/status.ts',
  'src-main/core/log/logger.ts',
]);
m.setLogSinks([]);

const NOW = Date.parse('2026-11-25T12:00:00Z');
const ACCOUNTS = 20;
const iso = (ms) => new Date(ms).toISOString();
const window = (label, seconds, left, pace) => ({
  label,
  windowSeconds: seconds,
  usedPercent: 100 - left,
  leftPercent: left,
  resetAt: iso(NOW + 3 * 3_600_000),
  ...(pace ? { pace } : {}),
});
const profiles = [];
const usage = {};
for (let i = 0; i <= ACCOUNTS; i++) {
  const account = i === 0 ? null : `a${i}`;
  const id = account ? `openai-codex:codex-cli@${account}` : 'openai-codex:codex-cli';
  profiles.push({
    id,
    provider: 'openai-codex',
    type: 'oauth',
    source: 'codex-cli',
    status: 'ok',
    expiresAt: iso(NOW + 10 * 86_400_000),
    remainingMs: 10 * 86_400_000,
    refreshable: true,
    relogin: true,
    detail: null,
    ...(account ? { account, accountLabel: account } : {}),
  });
  // Spread headroom; every third one burning fast enough to be projected out within a turn.
  const left = (i * 37) % 100;
  const pace =
    i % 3 === 0
      ? { kind: 'runs-out', ratePerHour: 500, runOutAt: iso(NOW + 2 * 60_000), resetAt: iso(NOW + 3 * 3_600_000) }
      : { kind: 'lasts', ratePerHour: 5, projectedPercent: 80, resetAt: iso(NOW + 3 * 3_600_000) };
  usage[account ? `openai-codex@${account}` : 'openai-codex'] = {
    windows: [window('5h', 18_000, left, pace), window('Week', 604_800, 60)],
    limits: [{ id: 'codex_spark', name: 'GPT-5.3-Codex-Spark', windows: [window('5h', 18_000, (i * 13) % 100)] }],
    fetchedAt: iso(NOW),
    stale: false,
    error: null,
  };
}
const order = profiles.map((p) => p.id);
const input = {
  order,
  profiles,
  strategy: 'headroom',
  model: 'gpt-6.1-sol',
  serverLimit: null,
  now: NOW,
  usageOf: (id) => usage[m.usageKeyOf(id)] ?? null,
  coolingMs: () => 0,
  current: 'openai-codex:codex-cli@a7',
};

/** µs per call of `fn`, median of 7 rounds of `n` calls, after a warm-up. */
function measure(fn, n) {
  for (let i = 0; i < n; i++) fn();
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / 1e3 / n);
  }
  return round(median(rounds), 2);
}

const route = m.routeTurn(input);
const views = m.providerViews(
  profiles,
  usage,
  {},
  { strategy: 'headroom', agentModel: 'openai-codex/gpt-6.1-sol', now: NOW },
);
console.log(
  JSON.stringify({
    accounts: ACCOUNTS,
    profiles: profiles.length,
    routeTurnMicros: measure(() => m.routeTurn(input), 2000),
    routeTurnNamedLimitMicros: measure(() => m.routeTurn({ ...input, model: 'gpt-5.3-codex-spark' }), 2000),
    providerViewsHeadroomMicros: measure(
      () =>
        m.providerViews(
          profiles,
          usage,
          {},
          { strategy: 'headroom', agentModel: 'openai-codex/gpt-6.1-sol', now: NOW },
        ),
      500,
    ),
    // What the decision was, so a change in routing shows here too.
    tries: route.tries.length,
    skipped: route.skipped.length,
    headline: views[0].headline.profileId,
    targets: { routeTurnMicros: 1000 },
  }),
);
