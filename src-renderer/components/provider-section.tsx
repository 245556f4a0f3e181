import { type LoginView, type ProviderUsage } from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';

import { ProfileCard } from './profile-card';
import { StatusBadge } from './status-badge';
import { UsageBars } from './usage-bars';

export interface ProviderSectionProps {
  group: ProviderGroup;
  usage: ProviderUsage | null;
  logins: Record<string, LoginView>;
  offline: boolean;
  onRelogin: (profileId: string) => void;
  onCancelLogin: (profileId: string) => void;
  onDismissLogin: (profileId: string) => void;
}

/** A provider: its worst status, its usage windows, then its profiles, most urgent first. */
export function ProviderSection({ group, usage, logins, offline, ...actions }: ProviderSectionProps) {
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
      <UsageBars provider={group.provider} usage={usage} />
      <div className="cards">
        {group.profiles.map((profile) => (
          <ProfileCard
            key={profile.id}
            profile={profile}
            login={logins[profile.id]}
            offline={offline}
            onRelogin={actions.onRelogin}
            onCancelLogin={actions.onCancelLogin}
            onDismissLogin={actions.onDismissLogin}
          />
        ))}
      </div>
    </section>
  );
}
