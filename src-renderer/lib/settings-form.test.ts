import { describe, expect, it } from 'vitest';

import { settingsView } from '../renderer.test-helper';

import { fromForm, toForm } from './settings-form';

const settings = settingsView();

describe('settings form', () => {
  it('round-trips the gateway settings into config.set params', () => {
    const result = fromForm(toForm(settings));
    expect(result).toEqual({
      ok: true,
      params: {
        warnBefore: '24h',
        notifyExpiring: ['24h', '1h'],
        notifyUsageUsedPercent: [80, 95],
        usageRefresh: '300s',
      },
    });
  });

  it('sends only what changed when it knows the loaded settings', () => {
    const form = { ...toForm(settings), warnBefore: '2h', notifyExpiring: '24h,  2h' };
    expect(fromForm(form, settings)).toEqual({
      ok: true,
      params: { warnBefore: '2h', notifyExpiring: ['24h', '2h'] },
    });
    expect(fromForm(toForm(settings), settings)).toEqual({ ok: true, params: {} });
  });

  it('names every bad field instead of sending it', () => {
    const result = fromForm({
      ...toForm(settings),
      warnBefore: 'tomorrow',
      usageRefresh: '10s',
      notifyExpiring: '24h, soon',
      notifyUsageUsedPercent: '80, 150',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'notifyExpiring',
      'notifyUsageUsedPercent',
      'usageRefresh',
      'warnBefore',
    ]);
    expect(result.errors.usageRefresh).toBe('At least 60s.');
  });
});
