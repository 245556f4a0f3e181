import { describe, expect, it } from 'vitest';

import { isoOrNull, plausibleEpochMs, plausibleEpochSeconds, plausibleIsoMs } from './plausible-time.js';

const NOW_S = 1_795_620_000;

describe('plausible times', () => {
  it('takes epoch seconds and milliseconds between 2001 and 2286', () => {
    expect(plausibleEpochSeconds(NOW_S)).toBe(NOW_S * 1000);
    expect(plausibleEpochMs(NOW_S * 1000)).toBe(NOW_S * 1000);
    expect(plausibleIsoMs('2026-11-25T17:00:00Z')).toBe(Date.parse('2026-11-25T17:00:00Z'));
  });

  it.each([1e20, 1.5e12, -5, 0, Number.NaN, Number.POSITIVE_INFINITY, '1795620000', null, undefined, {}])(
    'refuses %s as epoch seconds',
    (value) => expect(plausibleEpochSeconds(value)).toBeNull(),
  );

  it.each([1e20, NOW_S, -5, 0, Number.NaN, '1795620000000', true])('refuses %s as epoch milliseconds', (value) =>
    expect(plausibleEpochMs(value)).toBeNull(),
  );

  it('refuses dates that parse but are not plausible, and text that does not parse', () => {
    expect(plausibleIsoMs('+275760-09-13T00:00:00.000Z')).toBeNull();
    expect(plausibleIsoMs('1970-01-01T00:00:00Z')).toBeNull();
    expect(plausibleIsoMs('soon')).toBeNull();
    expect(plausibleIsoMs(1795620000000)).toBeNull();
  });

  it('formats only plausible instants and never throws', () => {
    expect(isoOrNull(NOW_S * 1000)).toBe(new Date(NOW_S * 1000).toISOString());
    expect(isoOrNull(1e20)).toBeNull();
    expect(isoOrNull(null)).toBeNull();
  });
});
