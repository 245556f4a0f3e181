import { type ProfileStatus } from '../../src-shared/protocol/index';

/** A shape per status, so the badge reads without colour too. */
const GLYPH: Record<ProfileStatus, string> = {
  ok: '✓',
  expiring: '!',
  expired: '✕',
  missing: '?',
  static: '•',
};

export function StatusBadge({ status }: { status: ProfileStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="badge-glyph" aria-hidden="true">
        {GLYPH[status]}
      </span>
      {status}
    </span>
  );
}
