import { describe, expect, it } from 'vitest';

import { settingsView } from '../renderer.test-helper';

import {
  checkDuration,
  checkPercent,
  durationWords,
  fromForm,
  rangeWords,
  sortDurations,
  sortPercents,
  toDurationInput,
  toForm,
} from './settings-form';

const settings = settingsView();

describe('settings form', () => {
  it('turns the gateway settings into controls and back into config.set params', () => {
    const form = toForm(settings);
    expect(form.warnBefore).toEqual({ amount: '24', unit: 'h' });
    // Seconds are not a unit of the select: 300s shows as 5 minutes.
    expect(form.usageRefresh).toEqual({ amount: '5', unit: 'm' });
    expect(fromForm(form)).toEqual({
      ok: true,
      params: {
        warnBefore: '24h',
        usageRefresh: '5m',
        notifyExpiring: ['24h', '1h'],
        notifyUsageUsedPercent: [80, 95],
        agentModel: 'openai-codex/gpt-5.2',
      },
    });
  });

  it('sends only what changed, comparing values rather than spellings', () => {
    const form = {
      ...toForm(settings),
      warnBefore: { amount: '2', unit: 'd' as const },
      notifyExpiring: ['2h', '24h', '1h'],
    };
    expect(fromForm(form, settings)).toEqual({
      ok: true,
      params: { warnBefore: '2d', notifyExpiring: ['24h', '2h', '1h'] },
    });
    // 5 minutes for a stored 300s, the same thresholds in another order: no change.
    const same = { ...toForm(settings), notifyUsageUsedPercent: [95, 80] };
    expect(fromForm(same, settings)).toEqual({ ok: true, params: {} });
    // An empty list turns those notifications off, as config.json allows.
    expect(fromForm({ ...toForm(settings), notifyUsageUsedPercent: [] }, settings)).toEqual({
      ok: true,
      params: { notifyUsageUsedPercent: [] },
    });
  });

  it('checks durations against the ranges the gateway enforces', () => {
    expect(checkDuration('usageRefresh', { amount: '59', unit: 'm' })).toEqual({
      ok: true,
      text: '59m',
      ms: 3_540_000,
    });
    expect(checkDuration('usageRefresh', { amount: '2', unit: 'd' })).toEqual({
      ok: false,
      error: 'Use 1 minute to 24 hours.',
    });
    expect(checkDuration('warnBefore', { amount: '31', unit: 'd' })).toEqual({
      ok: false,
      error: 'Use 1 minute to 30 days.',
    });
    expect(checkDuration('warnBefore', { amount: '0.5', unit: 'm' }).ok).toBe(false);
    for (const amount of ['', '0', '-1', 'soon', '1e3']) {
      expect(checkDuration('warnBefore', { amount, unit: 'h' })).toEqual({
        ok: false,
        error: 'Enter a number above 0.',
      });
    }
    expect(rangeWords('notifyExpiring')).toBe('1 minute to 30 days');
  });

  it('names every bad field instead of sending it', () => {
    const result = fromForm({
      ...toForm(settings),
      warnBefore: { amount: 'tomorrow', unit: 'h' },
      usageRefresh: { amount: '30', unit: 'd' },
      agentModel: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['agentModel', 'usageRefresh', 'warnBefore']);
    expect(result.errors.usageRefresh).toBe('Use 1 minute to 24 hours.');
  });

  it('keeps thresholds sorted in firing order without repeats', () => {
    expect(sortDurations(['1h', '24h', '60m', '1d', '2h'])).toEqual(['24h', '2h', '1h']);
    expect(sortPercents([95, 80, 95, 50])).toEqual([50, 80, 95]);
    expect(checkPercent('150')).toEqual({ ok: false, error: 'Use a percentage from 1 to 100.' });
    expect(checkPercent('')).toEqual({ ok: false, error: 'Use a percentage from 1 to 100.' });
    expect(checkPercent(' 90 ')).toEqual({ ok: true, value: 90 });
  });

  it('words durations the way the select names units', () => {
    expect(durationWords('24h')).toBe('24 hours');
    expect(durationWords('1h')).toBe('1 hour');
    expect(durationWords('90s')).toBe('1.5 minutes');
    expect(toDurationInput('7200s')).toEqual({ amount: '2', unit: 'h' });
  });
});
