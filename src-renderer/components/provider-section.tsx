import { type LoginView, type ProfileView, type ProviderUsage } from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';

import { Headline } from './headline';
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
  onRelogin: (profileId: string) => void;
  onLink?: (channel: string) => void;
  onCancelLogin: (profileId: string) => void;
  onDismissLogin: (profileId: string) => void;
}

export interface ProfileCardsProps {
  profiles: readonly ProfileView[];
  logins: Record<string, LoginView>;
  offline: boolean;
  onRelogin: (profileId: string) => void;
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

/** A provider: its headline (what the agent can do now), its usage windows, then its profiles, most urgent first. */
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
      <ProfileCards profiles={group.profiles} logins={logins} offline={offline} {...actions} />
    </section>
  );
}
