// A provider's headline as a line of text ("Codex works · login expires in 1h 59m"), ticking with
// the countdown of the profile it is about. Words from src-shared/headline, as in the tray and CLI.
import { headlineWords } from '../../src-shared/headline';
import { type ProfileView } from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';
import { useCountdownNow } from '../lib/use-now';

export function Headline({ group, profiles }: { group: ProviderGroup; profiles: readonly ProfileView[] }) {
  const expiry = group.view.headline?.expiresAt ? Date.parse(group.view.headline.expiresAt) : null;
  const now = useCountdownNow(expiry !== null && !Number.isNaN(expiry) ? expiry : null);
  const words = headlineWords(group.view, profiles, now);
  return (
    <p className={`headline headline-${words.works ? 'works' : 'stopped'}`} data-headline={group.provider}>
      <strong>{words.subject}</strong>
      {words.clause ? <span> · {words.clause}</span> : null}
    </p>
  );
}
