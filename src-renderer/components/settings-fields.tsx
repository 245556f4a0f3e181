// The settings form's controls: a duration as amount + unit, thresholds as removable chips with an
// add field, and the agent model picked from the gateway's catalog. Each shows what it does, its
// range and its default, and its error in place of the hint (aria-invalid on the control).
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

import { errorMessage } from '../../src-shared/error-message';
import { parseDuration } from '../../src-shared/format';
import { type MethodResults, type ModelView } from '../../src-shared/protocol/index';
import { SETTING_DEFAULTS } from '../../src-shared/setting-limits';
import {
  checkDuration,
  checkPercent,
  durationWords,
  rangeWords,
  sortDurations,
  sortPercents,
  toDurationInput,
  UNITS,
  type DurationInput,
  type Unit,
} from '../lib/settings-form';

interface ControlProps<T> {
  label: string;
  hint?: string;
  /** null until the settings have loaded. */
  value: T | null;
  onChange: (value: T) => void;
  error: string | undefined;
  disabled: boolean;
}

/** A fieldset whose legend names the control; the hint line turns into the error when there is one. */
function Field(props: {
  label: string;
  hintId: string;
  hint: ReactNode;
  error: string | undefined;
  labelId?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="field">
      <legend id={props.labelId}>{props.label}</legend>
      {props.children}
      <p className="field-hint" id={props.hintId}>
        {props.error ? <span className="field-error">{props.error}</span> : props.hint}
      </p>
    </fieldset>
  );
}

function UnitSelect(props: { value: Unit; onChange: (unit: Unit) => void; disabled: boolean }) {
  return (
    <select
      aria-label="Unit"
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value as Unit)}
    >
      {UNITS.map((u) => (
        <option key={u.unit} value={u.unit}>
          {u.label}
        </option>
      ))}
    </select>
  );
}

function ResetButton(props: { isDefault: boolean; disabled: boolean; onReset: () => void }) {
  return (
    <button
      type="button"
      className="button button-small"
      disabled={props.disabled || props.isDefault}
      onClick={props.onReset}
    >
      Reset to default
    </button>
  );
}

/** Enter in an add field adds, instead of submitting the whole form. */
function onEnter(action: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    action();
  };
}

/** `warnBefore`, `usageRefresh`: a number and a unit, within the range the gateway enforces. */
export function DurationField(props: ControlProps<DurationInput> & { setting: 'warnBefore' | 'usageRefresh' }) {
  const id = useId();
  const fallback = SETTING_DEFAULTS[props.setting];
  const value = props.value ?? { amount: '', unit: 'h' };
  const checked = checkDuration(props.setting, value);
  const isDefault = checked.ok && checked.ms === parseDuration(fallback);
  return (
    <Field
      label={props.label}
      labelId={`${id}-label`}
      hintId={`${id}-hint`}
      error={props.error}
      hint={`${props.hint ?? ''} Range ${rangeWords(props.setting)}; default ${durationWords(fallback)}.`}
    >
      <div className="field-row">
        <input
          id={id}
          className="field-amount"
          type="number"
          inputMode="decimal"
          min="0"
          step="any"
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint`}
          aria-invalid={props.error ? true : undefined}
          value={value.amount}
          disabled={props.disabled}
          onChange={(event) => props.onChange({ ...value, amount: event.target.value })}
        />
        <UnitSelect
          value={value.unit}
          disabled={props.disabled}
          onChange={(unit) => props.onChange({ ...value, unit })}
        />
        <ResetButton
          isDefault={isDefault}
          disabled={props.disabled}
          onReset={() => props.onChange(toDurationInput(fallback))}
        />
      </div>
    </Field>
  );
}

/** Removable chips, an add field, and a reset: the list stays sorted and free of repeats. */
function Chips<T extends string | number>(props: {
  label: string;
  hint: string;
  items: readonly T[];
  words: (item: T) => string;
  error: string | undefined;
  disabled: boolean;
  isDefault: boolean;
  onRemove: (item: T) => void;
  onReset: () => void;
  /** The add field: its amount as typed, its unit (a select or a sign), and why the last add failed. */
  amount: string;
  onAmount: (amount: string) => void;
  unit: ReactNode;
  onAdd: () => void;
  addError: string | null;
}) {
  const id = useId();
  const error = props.addError ?? props.error;
  return (
    <Field label={props.label} hintId={`${id}-hint`} error={error ?? undefined} hint={props.hint}>
      <ul className="chips" aria-label={props.label}>
        {props.items.map((item) => (
          <li className="chip" key={item}>
            {props.words(item)}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${props.words(item)}`}
              disabled={props.disabled}
              onClick={() => props.onRemove(item)}
            >
              ×
            </button>
          </li>
        ))}
        {props.items.length === 0 ? <li className="chips-none">None</li> : null}
      </ul>
      <div className="field-row">
        <input
          className="field-amount"
          type="number"
          inputMode="decimal"
          min="0"
          step="any"
          aria-label={`Add to ${props.label.toLowerCase()}`}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          value={props.amount}
          disabled={props.disabled}
          onChange={(event) => props.onAmount(event.target.value)}
          onKeyDown={onEnter(props.onAdd)}
        />
        {props.unit}
        <button type="button" className="button button-small" disabled={props.disabled} onClick={props.onAdd}>
          Add
        </button>
        <ResetButton isDefault={props.isDefault} disabled={props.disabled} onReset={props.onReset} />
      </div>
    </Field>
  );
}

/** `notifyExpiring`: durations before expiry, longest first. */
export function DurationChips(props: ControlProps<string[]>) {
  const [draft, setDraft] = useState<DurationInput>({ amount: '', unit: 'h' });
  const [addError, setAddError] = useState<string | null>(null);
  const items = props.value ?? [];
  const add = () => {
    const checked = checkDuration('notifyExpiring', draft);
    if (!checked.ok) return setAddError(checked.error);
    setAddError(null);
    setDraft({ ...draft, amount: '' });
    props.onChange(sortDurations([...items, checked.text]));
  };
  const fallback = SETTING_DEFAULTS.notifyExpiring;
  return (
    <Chips
      label={props.label}
      hint={`${props.hint ?? ''} Range ${rangeWords('notifyExpiring')}; default ${fallback.map(durationWords).join(', ')}.`}
      items={items}
      words={durationWords}
      error={props.error}
      disabled={props.disabled}
      isDefault={JSON.stringify(sortDurations(items)) === JSON.stringify(sortDurations(fallback))}
      onRemove={(item) => props.onChange(items.filter((other) => other !== item))}
      onReset={() => props.onChange(sortDurations(fallback))}
      addError={addError}
      amount={draft.amount}
      onAmount={(amount) => setDraft({ ...draft, amount })}
      unit={
        <UnitSelect value={draft.unit} disabled={props.disabled} onChange={(unit) => setDraft({ ...draft, unit })} />
      }
      onAdd={add}
    />
  );
}

/** `notifyUsageUsedPercent`: percentages of a window used, lowest first. */
export function PercentChips(props: ControlProps<number[]>) {
  const [draft, setDraft] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const items = props.value ?? [];
  const add = () => {
    const checked = checkPercent(draft);
    if (!checked.ok) return setAddError(checked.error);
    setAddError(null);
    setDraft('');
    props.onChange(sortPercents([...items, checked.value]));
  };
  const fallback = SETTING_DEFAULTS.notifyUsageUsedPercent;
  return (
    <Chips
      label={props.label}
      hint={`${props.hint ?? ''} Range 1% to 100%; default ${fallback.map((n) => `${n}%`).join(', ')}.`}
      items={items}
      words={(n) => `${n}%`}
      error={props.error}
      disabled={props.disabled}
      isDefault={JSON.stringify(sortPercents(items)) === JSON.stringify(sortPercents(fallback))}
      onRemove={(item) => props.onChange(items.filter((other) => other !== item))}
      onReset={() => props.onChange(sortPercents(fallback))}
      addError={addError}
      amount={draft}
      onAmount={setDraft}
      unit={<span className="field-unit">%</span>}
      onAdd={add}
    />
  );
}

/** The agent model: a select of the gateway's catalog, grouped by provider, the current one selected. */
export function ModelField(
  props: ControlProps<string> & {
    listModels: () => Promise<MethodResults['models.list']>;
    connected: boolean;
  },
) {
  const id = useId();
  const [models, setModels] = useState<ModelView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { listModels, connected } = props;
  useEffect(() => {
    if (!connected) return undefined;
    let live = true;
    listModels().then(
      (result) => live && setModels(result.models),
      (error: unknown) => live && setLoadError(`Could not list models: ${errorMessage(error)}`),
    );
    return () => {
      live = false;
    };
  }, [listModels, connected]);
  // The current model stays choosable even when the catalog lacks it (or has not arrived).
  const keys = new Set((models ?? []).map((m) => m.key));
  const extra = props.value && !keys.has(props.value) ? [props.value] : [];
  const providers = [...new Set((models ?? []).map((m) => m.provider))];
  const error = props.error ?? loadError ?? undefined;
  return (
    <Field
      label={props.label}
      labelId={`${id}-label`}
      hintId={`${id}-hint`}
      error={error}
      hint="The model chat replies come from; the agent takes a new one on its next turn."
    >
      <select
        id={id}
        className="field-model"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        aria-invalid={props.error ? true : undefined}
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {extra.map((key) => (
          <option key={key} value={key}>
            {key}
          </option>
        ))}
        {providers.map((provider) => (
          <optgroup key={provider} label={provider}>
            {models!
              .filter((m) => m.provider === provider)
              .map((m) => (
                <option key={m.key} value={m.key}>
                  {m.auth === 'ok' ? m.key : `${m.key} (${m.auth})`}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </Field>
  );
}
