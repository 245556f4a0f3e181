// A login's named limits besides its plan's windows (issue 17: ChatGPT's `additional_rate_limits`,
// e.g. one model family's), each under its name with bars like the plan's windows. The popover's
// row names the one nearest to running out.
import { percentLeft } from '../../src-shared/format';
import { type NamedLimit, type UsageWindow } from '../../src-shared/protocol/index';

import { UsageBar } from './usage-bar';

import './routing.css';

export interface NamedLimitsProps {
  /** Whose limits (`openai-codex`, `openai-codex@work`): part of each bar's accessible name. */
  provider: string;
  limits: readonly NamedLimit[];
  now: number;
}

/** Each named limit as a small heading and its windows' bars. */
export function NamedLimits({ provider, limits, now }: NamedLimitsProps) {
  const shown = limits.filter((limit) => limit.windows.length > 0);
  if (shown.length === 0) return null;
  return (
    <div className="named-limits">
      {shown.map((limit) => (
        <section key={limit.id} className="named-limit" data-limit={limit.id} aria-label={`${limit.name} limit`}>
          <h4 className="named-limit-name">{limit.name}</h4>
          <ul className="usage-list">
            {limit.windows.map((window) => (
              <UsageBar key={window.label} provider={provider} window={window} now={now} limit={limit.name} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The named limit with the least left in any window, and that window. */
export function tightestLimit(limits: readonly NamedLimit[]): { limit: NamedLimit; window: UsageWindow } | null {
  let best: { limit: NamedLimit; window: UsageWindow } | null = null;
  for (const limit of limits) {
    for (const window of limit.windows) {
      if (!best || window.leftPercent < best.window.leftPercent) best = { limit, window };
    }
  }
  return best;
}

/**
 * The popover row's line for named limits: the tightest one (`GPT-6 Sol: 5h 12% left`), with how
 * many more there are; nothing when there are none.
 */
export function NamedLimitLine({ limits }: { limits: readonly NamedLimit[] }) {
  const tight = tightestLimit(limits);
  if (!tight) return null;
  const others = limits.filter((limit) => limit.windows.length > 0).length - 1;
  return (
    <p className="prow-usage prow-limit" data-limit={tight.limit.id}>
      {tight.limit.name}: {tight.window.label} {percentLeft(tight.window.leftPercent)}% left
      {others > 0 ? <span className="prow-limit-more"> · {others} more under More</span> : null}
    </p>
  );
}
