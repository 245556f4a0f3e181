// The hooks that failed (config `hooks`, issue 18), newest first: which program, on which event,
// when, and the one line the gateway kept of why. The gateway never sends a hook's environment or
// its stdin (HookFailureView), so there is no secret here to hide. Nothing shows while all is well.
import { formatAgo } from '../../src-shared/format';
import { type HookFailureView } from '../../src-shared/protocol/index';
import { useNow } from '../lib/use-now';

import './hook-failures.css';

export interface HookFailuresProps {
  failures: readonly HookFailureView[];
}

function When({ at, now }: { at: string; now: number }) {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return <span className="hook-when">{at}</span>;
  return (
    <time className="hook-when" dateTime={new Date(time).toISOString()} title={new Date(time).toLocaleString()}>
      {formatAgo(time, now)}
    </time>
  );
}

export function HookFailures({ failures }: HookFailuresProps) {
  const now = useNow();
  if (failures.length === 0) return null;
  const newestFirst = [...failures].reverse();
  return (
    <section className="panel hook-failures" aria-labelledby="hook-failures-title">
      <h2 className="panel-title" id="hook-failures-title">
        Hook failures
      </h2>
      <ul className="hook-list">
        {newestFirst.map((failure, index) => (
          <li key={`${failure.at}-${index}`} className="hook-failure" data-event={failure.event}>
            <div className="hook-head">
              <span className="hook-event">{failure.event}</span>
              <When at={failure.at} now={now} />
            </div>
            <code className="hook-command" title={failure.command}>
              {failure.command}
            </code>
            <p className="hook-error">{failure.error}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
