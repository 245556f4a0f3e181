// The dashboard's accounts (issue 17): what `clawbar accounts add <provider> <name>` does — pick a
// provider, type a name, "Add and log in" — and the accounts config.json has, each removable. The
// gateway picks the home (`~/.codex-<name>`, as the CLI does without --home) and starts the login;
// its progress shows here like any other login's.
import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { ACCOUNT_ID, ACCOUNT_ID_RULE } from '../../src-shared/account-name';
import { errorMessage } from '../../src-shared/error-message';
import { type AccountEntryView, type MethodResults } from '../../src-shared/protocol/index';
import { useDashboardState, useGatewayStore } from '../gateway/use-gateway';

import { LoginPanel } from './login-panel';

import './accounts.css';

type Listing = MethodResults['accounts.list'];

/** One configured account with a two-step Remove (its home and login stay on disk). */
function AccountRow({ account, onRemove }: { account: AccountEntryView; onRemove: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <li className="account-entry" data-account-entry={`${account.provider}@${account.id}`}>
      <span className="account-entry-name">
        {account.provider}@{account.id}
        {account.label !== account.id ? <span className="account-entry-label"> “{account.label}”</span> : null}
      </span>
      <code className="account-entry-home" title={account.home}>
        {account.home}
      </code>
      {confirming ? (
        <span className="account-entry-actions">
          <button
            type="button"
            className="button button-small button-danger"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onRemove().finally(() => {
                setBusy(false);
                setConfirming(false);
              });
            }}
          >
            Remove from config
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
          Remove…
        </button>
      )}
    </li>
  );
}

export function AccountsPanel() {
  const store = useGatewayStore();
  const { snapshot, logins, connection } = useDashboardState();
  const connected = connection.phase === 'connected';
  const [listing, setListing] = useState<Listing | null>(null);
  const [provider, setProvider] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<{ account: AccountEntryView; note: string | null } | null>(null);

  const reload = useCallback(
    () =>
      store.request('accounts.list', {}).then(
        (next) => {
          setListing(next);
          setProvider((current) => current || next.providers[0]?.provider || '');
        },
        (failure: unknown) => setError(errorMessage(failure)),
      ),
    [store],
  );
  useEffect(() => {
    if (connected) void reload();
  }, [connected, reload]);

  if (!listing || listing.providers.length === 0) return null;
  const nameOf = (id: string) => snapshot?.providers.find((p) => p.provider === id)?.displayName ?? id;
  const home = listing.providers.find((p) => p.provider === provider)?.home ?? '';
  const trimmed = name.trim();
  const taken = listing.accounts.some((a) => a.provider === provider && a.id === trimmed);
  const problem =
    trimmed === ''
      ? null
      : !ACCOUNT_ID.test(trimmed)
        ? `The name ${ACCOUNT_ID_RULE}.`
        : taken
          ? 'That name is taken.'
          : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || trimmed === '') return;
    setBusy(true);
    setError(null);
    setAdded(null);
    store
      .request('accounts.add', { provider, name: trimmed })
      .then(
        (result) => {
          setAdded({ account: result.account, note: result.loginError ?? null });
          setName('');
          return reload();
        },
        (failure: unknown) => setError(errorMessage(failure)),
      )
      .finally(() => setBusy(false));
  };
  const login = added ? logins[added.account.profileId] : undefined;
  return (
    <section className="panel accounts-panel" aria-labelledby="accounts-heading">
      <h2 className="panel-title" id="accounts-heading">
        Accounts
      </h2>
      {listing.accounts.length > 0 ? (
        <ul className="account-entries">
          {listing.accounts.map((account) => (
            <AccountRow
              key={`${account.provider}@${account.id}`}
              account={account}
              onRemove={() =>
                store.request('accounts.remove', { provider: account.provider, name: account.id }).then(
                  () => reload(),
                  (failure: unknown) => setError(errorMessage(failure)),
                )
              }
            />
          ))}
        </ul>
      ) : (
        <p className="accounts-empty">One login per provider so far. Add another (a work and a personal one).</p>
      )}
      <form className="fields account-add" onSubmit={submit} aria-label="Add an account">
        <div className="field">
          <label htmlFor="account-provider">Provider</label>
          <select id="account-provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
            {listing.providers.map((p) => (
              <option key={p.provider} value={p.provider}>
                {nameOf(p.provider)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="account-name">Name</label>
          <input
            id="account-name"
            type="text"
            value={name}
            placeholder="work"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby="account-name-hint"
            onChange={(e) => setName(e.target.value)}
          />
          <p className="field-hint" id="account-name-hint">
            {problem ?? (
              <>
                Its login goes to <code>{trimmed ? home.replace('<name>', trimmed) : home}</code>.
              </>
            )}
          </p>
        </div>
        <div className="account-add-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={!connected || busy || trimmed === '' || problem !== null}
          >
            {busy ? 'Adding…' : 'Add and log in'}
          </button>
        </div>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {added ? (
        <div className="account-added" role="status">
          <p>
            Added {added.account.provider}@{added.account.id}.
            {added.note ? ` Its login did not start: ${added.note}` : ''}
          </p>
          {login ? (
            <LoginPanel
              login={login}
              onCancel={() => void store.cancelLogin(login.profileId)}
              onDismiss={() => {
                store.dismissLogin(login.profileId);
                setAdded(null);
              }}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
