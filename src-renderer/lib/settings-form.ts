// The settings form: SettingsView <-> editable text fields, with validation that says what is wrong.
// Only what `config.set` accepts is editable; the login commands are shown read-only (they are set
// in config.json, never over the gateway).
import { parseDuration } from '../../src-shared/format';
import { type MethodParams, type SettingsView } from '../../src-shared/protocol/index';

export interface SettingsForm {
  warnBefore: string;
  notifyExpiring: string;
  notifyUsageUsedPercent: string;
  usageRefresh: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

export function toForm(settings: SettingsView): SettingsForm {
  return {
    warnBefore: settings.warnBefore,
    notifyExpiring: settings.notifyExpiring.join(', '),
    notifyUsageUsedPercent: settings.notifyUsageUsedPercent.join(', '),
    usageRefresh: settings.usageRefresh,
  };
}

function list(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

type SetParams = MethodParams<'config.set'>;

/**
 * Checks the form; returns either the `config.set` params or the errors per field. With
 * `initial`, only the settings that differ from it are sent, so config.json gains no keys the
 * user did not touch.
 */
export function fromForm(
  form: SettingsForm,
  initial?: SettingsView,
): { ok: true; params: SetParams } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const duration = (field: 'warnBefore' | 'usageRefresh', min = 0) => {
    const ms = parseDuration(form[field]);
    if (ms === null) errors[field] = 'Use a duration like 24h, 90m or 300s.';
    else if (ms < min) errors[field] = `At least ${min / 1000}s.`;
  };
  duration('warnBefore');
  duration('usageRefresh', 60_000);
  const expiring = list(form.notifyExpiring);
  if (expiring.some((item) => parseDuration(item) === null)) {
    errors.notifyExpiring = 'Durations separated by commas, like 24h, 1h.';
  }
  const percents = list(form.notifyUsageUsedPercent).map(Number);
  if (percents.some((n) => !Number.isFinite(n) || n <= 0 || n > 100)) {
    errors.notifyUsageUsedPercent = 'Numbers from 1 to 100 separated by commas, like 80, 95.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const params: SetParams = {
    warnBefore: form.warnBefore.trim(),
    notifyExpiring: expiring,
    notifyUsageUsedPercent: percents,
    usageRefresh: form.usageRefresh.trim(),
  };
  if (!initial) return { ok: true, params };
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (JSON.stringify(value) !== JSON.stringify(initial[key as keyof SettingsView])) changed[key] = value;
  }
  return { ok: true, params: changed as SetParams };
}
