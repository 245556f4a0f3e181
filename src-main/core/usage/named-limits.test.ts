// ChatGPT's named limits (`additional_rate_limits`, docs/usage-endpoints.md#chatgpt-usage): each
// read as a limit of its own beside the plan's windows, from the wire format on a loopback stand-in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';

import { fetchCodexUsage } from './codex-usage.js';
import { formatUsageLine } from './usage-text.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
let server: UsageServer;
beforeEach(async () => {
  server = await startUsageServer();
});
afterEach(async () => {
  await server.close();
});

const fetchUsage = () =>
  fetchCodexUsage({ baseUrl: server.chatgptBaseUrl, accessToken: 'eyJ.test.sig', now: () => NOW });

describe('named limits of a ChatGPT login', () => {
  it('reads each additional limit with its own windows, named by limit_name, keyed by metered_feature', async () => {
    const body = codexBody();
    body.additional_rate_limits = [
      {
        limit_name: 'GPT-6 Sol',
        metered_feature: 'codex_gpt_6_sol',
        rate_limit: {
          primary_window: { used_percent: 88, limit_window_seconds: 18000, reset_after_seconds: 3900, reset_at: null },
          secondary_window: null,
        },
      },
      { limit_name: null, metered_feature: 'codex_other', rate_limit: null },
    ];
    server.codex = [{ kind: 'json', body }];
    const usage = await fetchUsage();
    expect(usage.limits).toEqual([
      {
        id: 'codex_gpt_6_sol',
        name: 'GPT-6 Sol',
        windows: [
          {
            label: '5h',
            windowSeconds: 18000,
            usedPercent: 88,
            leftPercent: 12,
            resetAt: new Date(NOW + 3900_000).toISOString(),
          },
        ],
      },
      { id: 'codex_other', name: 'codex_other', windows: [] },
    ]);
    // The CLI line: the plan's windows, then each named limit.
    expect(formatUsageLine(usage, NOW)).toMatch(
      /^usage: 5h \d+% left ⏱.* · Week .*; GPT-6 Sol: 5h 12% left ⏱1h 5m; codex_other: no usage windows$/,
    );
  });

  it('has no limits without additional_rate_limits, and refuses an absurdly long list in one line', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    expect((await fetchUsage()).limits).toBeUndefined();
    const body = codexBody();
    body.additional_rate_limits = Array.from({ length: 51 }, (_, i) => ({
      metered_feature: `f${i}`,
      rate_limit: null,
    }));
    server.codex = [{ kind: 'json', body }];
    await expect(fetchUsage()).rejects.toThrow(/additional_rate_limits/);
  });
});
