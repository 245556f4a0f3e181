// "updated 2m ago": how fresh the numbers on screen are — the newest of the snapshot's time and the
// usage readings' fetch times — so a glance tells a live reading from an old one.
import { formatAgo } from '../../src-shared/format';
import { type Snapshot } from '../../src-shared/protocol/index';
import { useNow } from '../lib/use-now';

/** The newest moment the snapshot's data is from (epoch ms), or null without a snapshot. */
export function updatedAt(snapshot: Snapshot | null): number | null {
  if (!snapshot) return null;
  const times = [snapshot.generatedAt, ...snapshot.providers.map((p) => p.usage?.fetchedAt ?? null)]
    .map((iso) => (iso ? Date.parse(iso) : Number.NaN))
    .filter((ms) => !Number.isNaN(ms));
  return times.length === 0 ? null : Math.max(...times);
}

export function UpdatedAgo({ snapshot }: { snapshot: Snapshot | null }) {
  const now = useNow(15_000);
  const at = updatedAt(snapshot);
  if (at === null) return null;
  return (
    <time className="updated" dateTime={new Date(at).toISOString()} title={new Date(at).toLocaleString()}>
      updated {formatAgo(at, Math.max(now, at))}
    </time>
  );
}
