import {
  type AccountView,
  type LoginView,
  type ProfileView,
  type ProviderUsage,
} from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';

import { Headline } from './headline';
import { type StartLogin } from './login-buttons';
import { ProfileCard } from './profile-card';
import { StatusBadge } from './status-badge';
import { UsageBars } from './usage-bars';

export interface ProviderSectionProps {
  group: ProviderGroup;
  /** Every profile of the snapshot (the headline names one by id). */
  profiles: readonly ProfileView[];
  usage: ProviderUsage | null;
  logins: Record<string, LoginView>;
  offline: boolean;
  onRelogin: StartLogin;
  onLink?: (channel: string) => void;
  onCancelLogin: (profileId: string) => void;
  onDismissLogin: (profileId: string) => void;
}

export interface ProfileCardsProps {
  profiles: readonly ProfileView[];
  logins: Record<string, LoginView>;
  offline: boolean;
  onRelogin: StartLogin;
  onLink?: ((channel: string) => void) | undefined;
  onCancelLogin: (profileId: string) => void;
  onDismissLogin: (profileId: string) => void;
}

/** A provider's profile cards, most urgent first (the dashboard shows them, the popover under More). */
export function ProfileCards({ profiles, logins, offline, ...actions }: ProfileCardsProps) {
  return (
    <div className="cards">
      {profiles.map((profile) => (
        <ProfileCard
          key={profile.id}
          profile={profile}
          login={logins[profile.id]}
          offline={offline}
          onRelogin={actions.onRelogin}
          onLink={actions.onLink}
          onCancelLogin={actions.onCancelLogin}
          onDismissLogin={actions.onDismissLogin}
        />
      ))}
    </div>
  );
}

/** The profiles the provider's own cards show: all but those an account section shows. */
function defaultProfiles(group: ProviderGroup): ProfileView[] {
  const accounts = new Set((group.view.accounts ?? []).map((account) => account.id));
  return group.profiles.filter((profile) => !profile.account || !accounts.has(profile.account));
}

export interface AccountSectionsProps extends ProfileCardsProps {
  provider: string;
  accounts: readonly AccountView[];
}

/**
 * A provider's further accounts (config `accounts`, issue 17), each with its label, its status, its
 * own usage windows and its profiles' cards (with their fixes). `profiles` are the provider's; each
 * account takes the ones of its home.
 */
export function AccountSections({ provider, accounts, profiles, ...cards }: AccountSectionsProps) {
  if (accounts.length === 0) return null;
  return (
    <div className="accounts">
      {accounts.map((account) => (
        <section key={account.id} className="account" data-account={account.id} aria-label={`${account.label} account`}>
          <header className="account-head">
            <h3 className="account-name">
              {account.label}
              {account.label !== account.id ? <span className="provider-id">{account.id}</span> : null}
            </h3>
            <StatusBadge status={account.status} />
          </header>
          {account.sameLoginAs ? (
            <p className="account-note" role="note">
              Same login as {account.sameLoginAs === 'default' ? 'the default account' : account.sameLoginAs}.
            </p>
          ) : null}
          <UsageBars provider={`${provider}@${account.id}`} usage={account.usage} />
          <ProfileCards profiles={profiles.filter((p) => p.account === account.id)} {...cards} />
        </section>
      ))}
    </div>
  );
}

/** A provider's cards: its default login's profiles, then each further account's block (the dashboard; the popover under More). */
export function GroupCards({ group, ...cards }: Omit<ProfileCardsProps, 'profiles'> & { group: ProviderGroup }) {
  return (
    <>
      <ProfileCards profiles={defaultProfiles(group)} {...cards} />
      <AccountSections
        provider={group.provider}
        accounts={group.view.accounts ?? []}
        profiles={group.profiles}
        {...cards}
      />
    </>
  );
}

/**
 * A provider: its headline (what the agent can do now), its usage windows, then its default login's
 * profiles, most urgent first, then each further account with its own.
 */
export function ProviderSection({ group, profiles, usage, logins, offline, ...actions }: ProviderSectionProps) {
  const headingId = `provider-${group.provider.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <section className="provider" aria-labelledby={headingId} data-provider={group.provider}>
      <header className="provider-head">
        <h2 className="provider-name" id={headingId}>
          {group.view.displayName}
          <span className="provider-id">{group.provider}</span>
        </h2>
        {usage?.plan ? <span className="provider-plan">plan {usage.plan}</span> : null}
        {group.profiles.length > 0 ? <StatusBadge status={group.status} /> : null}
      </header>
      {group.profiles.length > 0 ? <Headline group={group} profiles={profiles} /> : null}
      <UsageBars provider={group.provider} usage={usage} />
      <GroupCards group={group} logins={logins} offline={offline} {...actions} />
    </section>
  );
}
