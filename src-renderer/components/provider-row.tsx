// One provider in the popover (issue 14): a status dot, the headline ("Codex works · login expires
// in 1h 59m"), the tightest usage window, then each problem with its one fix; the profile cards and
// all usage windows only on demand. The words come from src-shared/headline, as in the tray.
import { formatDuration, percentLeft } from '../../src-shared/format';
import { runningMethod } from '../../src-shared/gateway-state';
import { headlineWords, secondaryProblems } from '../../src-shared/headline';
import { usageProblem } from '../../src-shared/problem-text';
import { type LoginView, type ProfileView, type UsageWindow } from '../../src-shared/protocol/index';
import { type ProviderGroup } from '../../src-shared/provider-groups';
import { useCountdownNow } from '../lib/use-now';

import { Sparkline, useRowSparkline } from './charts/sparkline';
import { Countdown } from './countdown';
import { FixAction } from './fix-action';
import { type StartLogin } from './login-buttons';
import { NamedLimitLine } from './named-limits';
import { ProblemText } from './problem-text';
import { GroupCards } from './provider-section';
import { RowLogins, splitLogins } from './row-logins';
import { UsageBars } from './usage-bars';
import { VerifiedText } from './verification';

export interface ProviderRowProps {
  group: ProviderGroup;
  profiles: readonly ProfileView[];
  logins: Record<string, LoginView>;
  offline: boolean;
  onLogin: StartLogin;
  onLink: (channel: string) => void;
  onCancelLogin: (profileId: string) => void;
  onDismissLogin: (profileId: string) => void;
}

/** The window with the least left: the one that stops the agent first. */
export function tightestWindow(windows: readonly UsageWindow[]): UsageWindow | null {
  return windows.reduce<UsageWindow | null>((best, w) => (best && best.leftPercent <= w.leftPercent ? best : w), null);
}

function tone(status: ProviderGroup['status'], works: boolean): 'ok' | 'warn' | 'bad' {
  if (!works) return 'bad';
  return status === 'expiring' ? 'warn' : 'ok';
}

/** The profiles shown as problems under the headline: the headline's own (when stopped), then the others. */
function problemsOf(group: ProviderGroup, profiles: readonly ProfileView[], headlineProfile: ProfileView | null) {
  const list = secondaryProblems(group.view, profiles);
  if (headlineProfile && (headlineProfile.fix || headlineProfile.summary) && !list.includes(headlineProfile)) {
    list.unshift(headlineProfile);
  }
  return list.filter((profile) => profile.summary || profile.fix);
}

export function ProviderRow({ group, profiles, logins, offline, ...actions }: ProviderRowProps) {
  const expiry = group.view.headline?.expiresAt ? Date.parse(group.view.headline.expiresAt) : null;
  const now = useCountdownNow(expiry !== null && !Number.isNaN(expiry) ? expiry : null);
  const words = headlineWords(group.view, profiles, now);
  const usage = group.view.usage;
  const tight = usage ? tightestWindow(usage.windows) : null;
  const resetAt = tight?.resetAt ? Date.parse(tight.resetAt) : null;
  // A window projected to run out before its reset says so on the headline row (issue 19), with
  // its last day drawn beside it when the gateway keeps a history.
  const runOut = tight?.pace?.kind === 'runs-out' ? Date.parse(tight.pace.runOutAt) : NaN;
  const risk = Number.isNaN(runOut) ? null : `runs out in ${formatDuration(runOut - now)}`;
  const spark = useRowSparkline(group.provider, tight?.label ?? '');
  const problems = problemsOf(group, profiles, words.works ? null : words.profile);
  const level = tone(group.status, words.works);
  const rowLogins = splitLogins(group, logins);
  return (
    <section className={`prow prow-${level}`} data-provider={group.provider} aria-label={words.text}>
      <div className="prow-head">
        <span className={`dot dot-${level}`} aria-hidden="true" />
        <div className="prow-main">
          <p className="prow-headline">
            <strong>{words.subject}</strong>
            {words.clause ? <span className="prow-clause"> · {words.clause}</span> : null}
          </p>
          {tight ? (
            <p className="prow-usage">
              {tight.label} {percentLeft(tight.leftPercent)}% left
              {resetAt !== null && !Number.isNaN(resetAt) ? (
                <>
                  {' · resets in '}
                  <Countdown target={resetAt} kind="reset" />
                </>
              ) : null}
              {risk ? <span className="prow-pace"> · {risk}</span> : null}
            </p>
          ) : usage?.error ? (
            <p className="prow-usage prow-usage-error">{usageProblem(usage.error)}</p>
          ) : null}
          <NamedLimitLine limits={usage?.limits ?? []} />
          {words.profile ? <VerifiedText profile={words.profile} className="prow-verified" /> : null}
        </div>
        {spark && tight ? (
          <Sparkline {...spark} name={`${group.view.shortName ?? group.provider} ${tight.label}`} />
        ) : null}
      </div>
      {problems.length > 0 ? (
        <ul className="prow-problems">
          {problems.map((profile) => (
            <li key={profile.id} className="prow-problem" data-problem={profile.id}>
              <div className="prow-problem-text">
                <span className="prow-problem-id">{profile.id}</span>
                {/* The raw words are one click further, on the profile's card under More. */}
                <ProblemText summary={profile.summary ?? profile.status} />
              </div>
              {profile.fix ? (
                <FixAction
                  profileId={profile.id}
                  fix={profile.fix}
                  running={runningMethod(logins[profile.id])}
                  device={profile.deviceLogin}
                  offline={offline}
                  onLogin={actions.onLogin}
                  onLink={actions.onLink}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <RowLogins logins={rowLogins.own} onCancel={actions.onCancelLogin} onDismiss={actions.onDismissLogin} />
      <details className="prow-details">
        <summary>More</summary>
        <UsageBars provider={group.provider} usage={usage} />
        <GroupCards
          group={group}
          logins={rowLogins.rest}
          offline={offline}
          onRelogin={actions.onLogin}
          onLink={actions.onLink}
          onCancelLogin={actions.onCancelLogin}
          onDismissLogin={actions.onDismissLogin}
        />
      </details>
    </section>
  );
}
