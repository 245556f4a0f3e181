import { formatCountdown, formatExpiry } from '../../src-shared/format';
import { useCountdownNow } from '../lib/use-now';

export interface CountdownProps {
  /** Epoch ms the countdown runs to. */
  target: number;
  /** `expiry`: `expires in 9d 23h` / `expired 2h ago`; `reset`: just the remaining time. */
  kind?: 'expiry' | 'reset';
  className?: string;
}

/** A live countdown: ticks once a minute, and every second in the last hour. */
export function Countdown({ target, kind = 'expiry', className }: CountdownProps) {
  const now = useCountdownNow(target);
  const text = kind === 'expiry' ? formatExpiry(target, now) : formatCountdown(target - now);
  const absolute = new Date(target).toLocaleString();
  return (
    <time
      className={className ? `countdown ${className}` : 'countdown'}
      dateTime={new Date(target).toISOString()}
      title={absolute}
    >
      {text}
    </time>
  );
}
