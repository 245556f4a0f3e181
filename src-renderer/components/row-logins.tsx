// The popover's logins (issue 18): a login started for one of a provider's profiles shows on the
// provider's row itself, not behind More — a device login's code must be readable at a glance, and
// a browser login's progress and Cancel belong beside the button that started it.
import { type LoginView } from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';

import { LoginPanel } from './login-panel';
import './login.css';

/** The logins of the group's profiles, and all the others (for the cards under More). */
export function splitLogins(
  group: ProviderGroup,
  logins: Record<string, LoginView>,
): { own: LoginView[]; rest: Record<string, LoginView> } {
  const ids = new Set(group.profiles.map((profile) => profile.id));
  const own: LoginView[] = [];
  const rest: Record<string, LoginView> = {};
  for (const [profileId, login] of Object.entries(logins)) {
    if (ids.has(profileId)) own.push(login);
    else rest[profileId] = login;
  }
  return { own, rest };
}

export interface RowLoginsProps {
  logins: readonly LoginView[];
  onCancel: (profileId: string) => void;
  onDismiss: (profileId: string) => void;
}

export function RowLogins({ logins, onCancel, onDismiss }: RowLoginsProps) {
  if (logins.length === 0) return null;
  return (
    <div className="prow-logins">
      {logins.map((login) => (
        <LoginPanel
          key={login.profileId}
          login={login}
          onCancel={() => onCancel(login.profileId)}
          onDismiss={() => onDismiss(login.profileId)}
        />
      ))}
    </div>
  );
}
