// The price table: model ids as the logs spell them, overrides from config, the cost arithmetic,
// and the report that turns buckets into per-day rows with dollars only where a price is known.
import { describe, expect, it } from 'vitest';

import { costOf, createPriceTable, normalizeModel, PRICES_UPDATED } from './prices.js';
import { buildUsageReport, formatUsageReport, localDay, reportStart } from './usage-report.js';

import type { TokenCounts } from './types.js';

const counts = (over: Partial<TokenCounts>): TokenCounts => ({
  input: 0,
  cached: 0,
  cacheWrite: 0,
  output: 0,
  reasoning: 0,
  requests: 1,
  ...over,
});

describe('price table', () => {
  it('has a date and finds models as the logs name them', () => {
    expect(PRICES_UPDATED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const prices = createPriceTable();
    expect(prices.price('gpt-5.2')).toEqual({ input: 1.75, cachedInput: 0.175, output: 14 });
    expect(prices.price('claude-sonnet-4-5-20250929')).toMatchObject({ input: 3, cacheWrite: 3.75 });
    expect(prices.price('openai-codex/gpt-5.2')).toEqual(prices.price('gpt-5.2'));
    expect(prices.price('GPT-5-Codex')).toEqual(prices.price('gpt-5'));
    expect(normalizeModel(' anthropic/claude-opus-4-1-2025-08-05 ')).toBe('claude-opus-4-1');
  });

  it('knows no price rather than guessing one from a similar name', () => {
    const prices = createPriceTable();
    expect(prices.price('gpt-6.1-sol')).toBeNull();
    expect(prices.price('gpt-5.2-turbo-preview')).toBeNull();
    expect(prices.price('')).toBeNull();
  });

  it('takes overrides from config over the built-in prices', () => {
    const prices = createPriceTable({
      'gpt-6.1-sol': { input: 2, cachedInput: 0.1, output: 10 },
      'GPT-5.2': { input: 1, output: 2 },
    });
    expect(prices.price('gpt-6.1-sol')).toEqual({ input: 2, cachedInput: 0.1, output: 10 });
    expect(prices.price('gpt-5.2')).toEqual({ input: 1, output: 2 });
  });

  it('prices cached reads, cache writes and the rest of the input apart', () => {
    // 1M in of which 600k cached and 100k written to the cache, 10k out, at Claude Sonnet 4.5 prices.
    const usd = costOf(counts({ input: 1_000_000, cached: 600_000, cacheWrite: 100_000, output: 10_000 }), {
      input: 3,
      cachedInput: 0.3,
      output: 15,
      cacheWrite: 3.75,
    });
    expect(usd).toBeCloseTo(0.3 * 3 + 0.6 * 0.3 + 0.1 * 3.75 + 0.01 * 15, 10);
    // Without a cached or cache-write price, those tokens cost the input price.
    expect(costOf(counts({ input: 2_000_000, cached: 1_000_000, output: 0 }), { input: 1, output: 2 })).toBeCloseTo(
      2,
      10,
    );
  });
});

describe('usage report', () => {
  const now = new Date(2026, 10, 29, 15, 30).getTime();
  const hourOf = (d: Date) => Math.floor(d.getTime() / 3_600_000);

  it('groups by local day, source and model, and prices only what it knows', () => {
    const prices = createPriceTable();
    const report = buildUsageReport({
      now,
      days: 2,
      prices,
      buckets: [
        {
          source: 'codex',
          hour: hourOf(new Date(2026, 10, 29, 9)),
          model: 'gpt-5.2',
          ...counts({ input: 1_000_000, output: 100_000 }),
        },
        {
          source: 'codex',
          hour: hourOf(new Date(2026, 10, 29, 11)),
          model: 'gpt-5.2',
          ...counts({ input: 1_000_000, output: 100_000 }),
        },
        {
          source: 'codex',
          hour: hourOf(new Date(2026, 10, 28, 23)),
          model: 'gpt-6.1-sol',
          ...counts({ input: 5000, output: 50 }),
        },
        // Before the two days: left out.
        {
          source: 'claude',
          hour: hourOf(new Date(2026, 10, 27, 23)),
          model: 'claude-sonnet-4-5',
          ...counts({ input: 10, output: 1 }),
        },
      ],
      turns: [
        {
          at: new Date(2026, 10, 29, 12).getTime(),
          profile: 'anthropic:claude-cli',
          model: 'anthropic/claude-sonnet-4-5',
          inputTokens: 1000,
          outputTokens: 100,
          cachedTokens: 0,
          latencyMs: 1,
          outcome: 'ok',
        },
      ],
    });
    expect(report.since).toBe(reportStart(now, 2));
    expect(report.rows.map((r) => [r.day, r.source, r.model, r.input, r.requests])).toEqual([
      ['2026-11-28', 'codex', 'gpt-6.1-sol', 5000, 1],
      ['2026-11-29', 'agent', 'anthropic/claude-sonnet-4-5', 1000, 1],
      ['2026-11-29', 'codex', 'gpt-5.2', 2_000_000, 2],
    ]);
    expect(report.rows[0]!.costUsd).toBeNull();
    expect(report.rows[2]!.costUsd).toBeCloseTo(2 * 1.75 + 0.2 * 14, 10);
    expect(report.totals.unpricedModels).toEqual(['gpt-6.1-sol']);
    expect(report.totals.costUsd).toBeCloseTo(2 * 1.75 + 0.2 * 14 + (1000 * 3 + 100 * 15) / 1e6, 10);

    const text = formatUsageReport(report);
    expect(text).toContain('No price known for gpt-6.1-sol: tokens only');
    expect(text).toContain('API-equivalent value');
    expect(text).toMatch(/2026-11-29 {2}codex {3}gpt-5\.2 .* 2\.0M .* ≈ \$6\.30/);
    expect(localDay(now)).toBe('2026-11-29');
  });

  it('says so when there is nothing', () => {
    const report = buildUsageReport({ now, days: 1, prices: createPriceTable(), buckets: [], turns: [] });
    expect(formatUsageReport(report)).toMatch(/^No token use found in the last 1 day\./);
  });
});
