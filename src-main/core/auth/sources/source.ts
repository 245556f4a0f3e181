// The shape every credential source returns; the engine merges them into the profile list.
import type { ProfileReading } from '../reading.js';

export interface SourceResult {
  /** Profiles the source holds: usable ones, and present-but-broken ones (status `missing`). */
  readings: ProfileReading[];
  /** Every profile id this source could provide, whether or not it holds it now. */
  candidates: string[];
  /** Why a candidate not in `readings` has no credential (used when something depends on it). */
  absentProblem(id: string): string;
  /** Set when the source looks caught mid-write (empty / partial JSON): the engine retries. */
  transient?: string;
}
