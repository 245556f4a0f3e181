// The settings form: SettingsView <-> the controls' state (durations as amount + unit, thresholds
// as sorted lists, the agent model), with validation against the ranges the gateway enforces
// (src-shared/setting-limits.ts) that says what is wrong. Only what `config.set` accepts is
// editable; the login commands are shown read-only (set in config.json, never over the gateway).
import { parseDuration } from '../../src-shared/format';
import { type MethodParams, type SettingsView } from '../../src-shared/protocol/index';
import { DURATION_RANGES } from '../../src-shared/setting-limits';

export const UNITS = [
  { unit: 'm', label: 'minutes', ms: 60_000 },
  { unit: 'h', label: 'hours', ms: 3_600_000 },
  { unit: 'd', label: 'days', ms: 86_400_000 },
] as const;
export type Unit = (typeof UNITS)[number]['unit'];

/** A duration as its control holds it: the amount as typed, and its unit. */
export interface DurationInput {
  amount: string;
  unit: Unit;
}

export interface SettingsForm {
  warnBefore: DurationInput;
  usageRefresh: DurationInput;
  notifyExpiring: string[];
  notifyUsageUsedPercent: number[];
  agentModel: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

export type DurationSetting = 'warnBefore' | 'usageRefresh' | 'notifyExpiring';
const RANGE_OF: Record<DurationSetting, keyof typeof DURATION_RANGES> = {
  warnBefore: 'auth.warnBefore',
  usageRefresh: 'usage.refresh',
  notifyExpiring: 'notifications.expiring',
};

function unitMs(unit: Unit): number {
  return UNITS.find((u) => u.unit === unit)!.ms;
}

/** `24h` → 24 hours, `300s` → 5 minutes: the unit the value was written in when the select has it. */
export function toDurationInput(text: string): DurationInput {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|h|d)\s*$/.exec(text);
  if (match) return { amount: match[1]!, unit: match[2] as Unit };
  const ms = parseDuration(text) ?? 0;
  const unit = [...UNITS].reverse().find((u) => ms % u.ms === 0 && ms > 0) ?? UNITS[0];
  // Rounded to 2 places so `90s` shows as 1.5 minutes, not a long fraction.
  return { amount: String(Math.round((ms / unit.ms) * 100) / 100), unit: unit.unit };
}

/** `2 days`, `1 hour`, `5 minutes`: a duration in words, for hints, errors and chips' names. */
export function durationWords(text: string): string {
  const { amount, unit } = toDurationInput(text);
  const label = UNITS.find((u) => u.unit === unit)!.label;
  return `${amount} ${amount === '1' ? label.slice(0, -1) : label}`;
}

/** The range of a duration setting in words: `1 minute to 30 days`. */
export function rangeWords(setting: DurationSetting): string {
  const [min, max] = DURATION_RANGES[RANGE_OF[setting]];
  return `${durationWords(min)} to ${durationWords(max)}`;
}

/** The duration string `config.set` takes (`48h`), or why the input is not one in the setting's range. */
export function checkDuration(
  setting: DurationSetting,
  input: DurationInput,
): { ok: true; text: string; ms: number } | { ok: false; error: string } {
  const amount = input.amount.trim();
  if (!/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0) return { ok: false, error: 'Enter a number above 0.' };
  const ms = Math.round(Number(amount) * unitMs(input.unit));
  const [min, max] = DURATION_RANGES[RANGE_OF[setting]].map((d) => parseDuration(d)!) as [number, number];
  if (ms < min || ms > max) return { ok: false, error: `Use ${rangeWords(setting)}.` };
  return { ok: true, text: `${amount}${input.unit}`, ms };
}

/** The percent `config.set` takes, or why the text is not one. */
export function checkPercent(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 100) {
    return { ok: false, error: 'Use a percentage from 1 to 100.' };
  }
  return { ok: true, value };
}

/** Expiry notifications, longest first (the order they fire in), one per duration. */
export function sortDurations(items: readonly string[]): string[] {
  const byMs = new Map<number, string>();
  for (const item of items) {
    const ms = parseDuration(item);
    if (ms !== null && !byMs.has(ms)) byMs.set(ms, item);
  }
  return [...byMs.entries()].sort((a, b) => b[0] - a[0]).map(([, item]) => item);
}

/** Usage thresholds, lowest first (the order they fire in), no repeats. */
export function sortPercents(items: readonly number[]): number[] {
  return [...new Set(items)].sort((a, b) => a - b);
}

export function toForm(settings: SettingsView): SettingsForm {
  return {
    warnBefore: toDurationInput(settings.warnBefore),
    usageRefresh: toDurationInput(settings.usageRefresh),
    notifyExpiring: sortDurations(settings.notifyExpiring),
    notifyUsageUsedPercent: sortPercents(settings.notifyUsageUsedPercent),
    agentModel: settings.agentModel,
  };
}

type SetParams = MethodParams<'config.set'>;

/** The same durations, whatever units they are written in (`300s` = `5m`). */
function sameDurations(a: readonly string[], b: readonly string[]): boolean {
  const ms = (items: readonly string[]) => JSON.stringify(sortDurations(items).map((d) => parseDuration(d)));
  return ms(a) === ms(b);
}

/**
 * Checks the form; returns either the `config.set` params or the errors per field. With
 * `initial`, only the settings that differ from it are sent (compared by value, so `5m` for a
 * stored `300s` is no change), and config.json gains no keys the user did not touch.
 */
export function fromForm(
  form: SettingsForm,
  initial?: SettingsView,
): { ok: true; params: SetParams } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const params: SetParams = {};
  for (const field of ['warnBefore', 'usageRefresh'] as const) {
    const checked = checkDuration(field, form[field]);
    if (!checked.ok) errors[field] = checked.error;
    else if (!initial || parseDuration(initial[field]) !== checked.ms) params[field] = checked.text;
  }
  // An empty list is a choice (no such notifications), as config.json allows it.
  if (!initial || !sameDurations(form.notifyExpiring, initial.notifyExpiring)) {
    params.notifyExpiring = sortDurations(form.notifyExpiring);
  }
  const percents = sortPercents(form.notifyUsageUsedPercent);
  if (!initial || JSON.stringify(percents) !== JSON.stringify(sortPercents(initial.notifyUsageUsedPercent))) {
    params.notifyUsageUsedPercent = percents;
  }
  if (!/^[^/\s]+\/\S+$/.test(form.agentModel)) errors.agentModel = 'Pick a model.';
  else if (!initial || form.agentModel !== initial.agentModel) params.agentModel = form.agentModel;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, params };
}
