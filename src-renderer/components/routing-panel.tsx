// The agent's routing on the dashboard (issue 17): which logins are cooling down, until when and
// why ("cooling until 14:05 · 429 Retry-After"), and the last routing decisions ("turn 41:
// openai-codex@work — personal skipped: Week 2% left"). Read with `agent.cooldowns` and
// `agent.log`: on connect, after each usage reading and each finished chat turn, and every 15 s.
import { useEffect, useState } from 'react';

import { errorMessage } from '../../src-shared/error-message';
import { type CooldownView, type DecisionView, type ProfileView } from '../../src-shared/protocol/index';
import { useDashboardState, useGatewayStore } from '../gateway/use-gateway';
import { useNow } from '../lib/use-now';

import { useHistoryVersion } from './charts/use-history';
import { Countdown } from './countdown';

import './routing.css';

/** How often the panel reads again when nothing else prompts it: cooldowns end on their own. */
const POLL_MS = 15_000;
/** The decisions shown. */
export const SHOWN_DECISIONS = 10;

type Routing = { cooldowns: CooldownView[]; decisions: DecisionView[] };

/** `openai-codex@Work` for an account's profile, the id itself for a default one. */
export function profileName(profileId: string, profiles: readonly ProfileView[]): string {
  const profile = profiles.find((p) => p.id === profileId);
  if (!profile?.account) return profileId;
  return `${profile.provider}@${profile.accountLabel ?? profile.account}`;
}

/** `14:05`, or `Tue 14:05` beyond today: a cooldown's end as a wall-clock time. */
export function clockTime(at: number, now: number): string {
  const time = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (new Date(at).toDateString() === new Date(now).toDateString()) return time;
  return `${new Date(at).toLocaleDateString([], { weekday: 'short' })} ${time}`;
}

const REASON_TEXT: Record<CooldownView['reason'], string> = {
  'rate-limit': '429 Retry-After',
  quota: 'quota used up until its window resets',
};

/** One decision as a line: `turn 41: openai-codex@work (5h 40% left) — personal skipped: Week 2% left`. */
export function decisionText(decision: DecisionView, profiles: readonly ProfileView[]): string {
  const name = (id: string) => profileName(id, profiles);
  let line = `turn ${decision.turn}: ${decision.profileId ? `${name(decision.profileId)} (${decision.why})` : 'no login answered'}`;
  if (decision.skipped.length > 0) {
    line += ` — ${decision.skipped.map((s) => `${name(s.profileId)} skipped: ${s.reason}`).join('; ')}`;
  }
  return line;
}

function useRouting(): { routing: Routing | null; error: string | null } {
  const store = useGatewayStore();
  const version = useHistoryVersion();
  const [routing, setRouting] = useState<Routing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    // A finished turn is a new decision (and maybe a new cooldown): read again then.
    const off = store.on('chat', (payload) => {
      if (payload.state !== 'delta') setTick((n) => n + 1);
    });
    const timer = setInterval(() => setTick((n) => n + 1), POLL_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [store]);
  useEffect(() => {
    if (version === null) return undefined;
    let current = true;
    Promise.all([store.request('agent.cooldowns', {}), store.request('agent.log', { limit: SHOWN_DECISIONS })]).then(
      ([c, d]) => {
        if (!current) return;
        setRouting({ cooldowns: c.cooldowns, decisions: d.decisions });
        setError(null);
      },
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [store, version, tick]);
  return { routing, error };
}

export function RoutingPanel() {
  const { snapshot } = useDashboardState();
  const { routing, error } = useRouting();
  const profiles = snapshot?.profiles ?? [];
  // Re-rendered by the panel's own polls too, so an ended cooldown drops off within one.
  const now = useNow(POLL_MS);
  const cooling = (routing?.cooldowns ?? []).filter((c) => Date.parse(c.until) > now);
  return (
    <section className="panel routing-panel" aria-labelledby="routing-heading">
      <h2 className="panel-title" id="routing-heading">
        Agent routing
      </h2>
      {error ? <p className="routing-empty">Routing unavailable: {error}</p> : null}
      <h3 className="routing-subheading">Cooldowns</h3>
      {routing && cooling.length === 0 ? <p className="routing-empty">No login is cooling down.</p> : null}
      {cooling.length > 0 ? (
        <ul className="routing-list cooldowns">
          {cooling.map((cooldown) => {
            const until = Date.parse(cooldown.until);
            return (
              <li
                key={`${cooldown.profileId}|${cooldown.model}`}
                className="cooldown"
                data-cooldown={cooldown.profileId}
              >
                <span className="routing-who">{profileName(cooldown.profileId, profiles)}</span>
                <span className="routing-model">{cooldown.model === '*' ? 'every model' : cooldown.model}</span>
                <span className="cooldown-until">
                  cooling until <time dateTime={cooldown.until}>{clockTime(until, now)}</time> ·{' '}
                  {REASON_TEXT[cooldown.reason]} · <Countdown target={until} kind="reset" /> left
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <h3 className="routing-subheading">Last decisions</h3>
      {routing && routing.decisions.length === 0 ? <p className="routing-empty">No agent turn yet.</p> : null}
      {routing && routing.decisions.length > 0 ? (
        <ol className="routing-list decisions">
          {routing.decisions.map((decision) => (
            <li
              key={decision.turn}
              className={`decision${decision.profileId ? '' : ' decision-none'}`}
              data-turn={decision.turn}
              title={`${decision.at} · ${decision.model} · ${decision.strategy}`}
            >
              {decisionText(decision, profiles)}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
