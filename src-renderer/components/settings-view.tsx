import { useEffect, useState, type FormEvent } from 'react';

import { errorMessage } from '../../src-shared/error-message';
import { type MethodParams, type MethodResults, type SettingsView as Settings } from '../../src-shared/protocol/index';
import { type ClawbarBridge } from '../gateway/connection-info';
import { fromForm, toForm, type SettingsErrors, type SettingsForm } from '../lib/settings-form';

import { DurationChips, DurationField, ModelField, PercentChips } from './settings-fields';

export interface SettingsViewProps {
  connected: boolean;
  getConfig: () => Promise<MethodResults['config.get']>;
  setConfig: (params: MethodParams<'config.set'>) => Promise<MethodResults['config.set']>;
  /** The gateway's model catalog (`models.list` with `all`), for the agent model picker. */
  listModels: () => Promise<MethodResults['models.list']>;
  /** The Electron bridge when it can toggle launch at login; null in a browser. */
  bridge: ClawbarBridge | null;
}

/** The login commands, read-only: which program clawbar runs is set in config.json, never over the gateway. */
function LoginCommands({ settings }: { settings: Settings }) {
  const line = (command: string, args: string[]) => [command, ...args].join(' ');
  return (
    <p className="settings-meta">
      Re-login runs <code>{line(settings.codexCommand, settings.codexArgs)}</code> and{' '}
      <code>{line(settings.claudeCommand, settings.claudeArgs)}</code> (set in config.json).
    </p>
  );
}

function LaunchAtLogin({ bridge }: { bridge: ClawbarBridge }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.resolve(bridge.getLaunchAtLogin?.())
      .then((value) => live && setEnabled(Boolean(value)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [bridge]);
  return (
    <div className="field field-check">
      <label>
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          onChange={(event) => {
            const next = event.target.checked;
            setEnabled(next);
            Promise.resolve(bridge.setLaunchAtLogin?.(next)).catch((e: unknown) => {
              setEnabled(!next);
              setError(errorMessage(e));
            });
          }}
        />{' '}
        Launch clawbar at login
      </label>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** Settings read with `config.get` and saved with `config.set`. */
export function SettingsView({ connected, getConfig, setConfig, listModels, bridge }: SettingsViewProps) {
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [loaded, setLoaded] = useState<Settings | null>(null);
  const [configPath, setConfigPath] = useState<string | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; text?: string }>({
    kind: 'idle',
  });

  useEffect(() => {
    if (!connected) return undefined;
    let live = true;
    getConfig().then(
      (result) => {
        if (!live) return;
        setForm(toForm(result.settings));
        setLoaded(result.settings);
        setConfigPath(result.path);
        setStatus({ kind: 'idle' });
      },
      (error: unknown) => live && setStatus({ kind: 'error', text: `Could not load settings: ${errorMessage(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [connected, getConfig]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const checked = fromForm(form, loaded ?? undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ kind: 'error', text: 'Fix the marked fields.' });
      return;
    }
    setErrors({});
    if (Object.keys(checked.params).length === 0) {
      setStatus({ kind: 'saved', text: 'No changes.' });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const result = await setConfig(checked.params);
      setForm(toForm(result.settings));
      setLoaded(result.settings);
      setStatus({ kind: 'saved', text: 'Saved.' });
    } catch (error) {
      setStatus({ kind: 'error', text: `Not saved: ${errorMessage(error)}` });
    }
  };

  const usable = connected && form !== null;
  // What every control gets: its value, how to change it, its error, whether it can be used.
  const fieldProps = <K extends keyof SettingsForm>(name: K) => ({
    value: form?.[name] ?? null,
    onChange: (value: SettingsForm[K]) => setForm((current) => (current ? { ...current, [name]: value } : current)),
    error: errors[name],
    disabled: !usable,
  });
  return (
    <form className="panel settings" aria-label="Settings" onSubmit={(event) => void submit(event)} noValidate>
      <h2 className="panel-title">Settings</h2>
      <p className="settings-meta">
        {loaded && configPath !== null ? (
          <>
            Saved to <code>{configPath}</code>
          </>
        ) : connected ? (
          'Loading…'
        ) : (
          'Settings need the gateway.'
        )}
      </p>
      <div className="fields">
        <DurationField
          setting="warnBefore"
          label="Warn before expiry"
          hint="A login counts as expiring this long before it ends (a token its CLI renews: at most a quarter of its lifetime)."
          {...fieldProps('warnBefore')}
        />
        <DurationChips
          label="Expiry notifications"
          hint="Notify this long before a login expires."
          {...fieldProps('notifyExpiring')}
        />
        <PercentChips
          label="Usage notifications"
          hint="Notify when this much of a usage window is used."
          {...fieldProps('notifyUsageUsedPercent')}
        />
        <DurationField
          setting="usageRefresh"
          label="Usage refresh period"
          hint="How often usage is fetched."
          {...fieldProps('usageRefresh')}
        />
        <ModelField label="Agent model" listModels={listModels} connected={connected} {...fieldProps('agentModel')} />
        {bridge?.setLaunchAtLogin ? <LaunchAtLogin bridge={bridge} /> : null}
      </div>
      {loaded ? <LoginCommands settings={loaded} /> : null}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!usable || status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <span className={`settings-status settings-${status.kind}`} role="status" aria-live="polite">
          {status.text ?? ''}
        </span>
      </div>
    </form>
  );
}
