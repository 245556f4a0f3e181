// Who already got a channel's one-time pairing hint ("you are not on the allow list; your id is
// …"), remembered in a small state file so a restart does not greet the same stranger twice.
import { z } from 'zod';

import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';

import { errorText } from './error-text.js';

import type { Logger } from '../log/logger.js';

const stateSchema = z.object({ hinted: z.array(z.string()).max(100_000) });

export interface PairingMemory {
  /** True the first time `id` is seen (and remembers it); false every time after. */
  firstTime(id: string): Promise<boolean>;
}

/** `file` absent: memory only. An unreadable file counts as empty (at worst a second hint). */
export function createPairingMemory(file: string | undefined, log: Logger): PairingMemory {
  const hinted = new Set<string>();
  let loaded: Promise<void> | null = null;
  // One shared load: concurrent messages all wait for it, then check-and-add with no await between.
  const load = () =>
    (loaded ??= (async () => {
      if (!file) return;
      try {
        // Never through a link or a FIFO (own-files.ts); absent reads as empty.
        const parsed = stateSchema.safeParse(JSON.parse((await readOwnFile(file)) ?? '{}'));
        if (parsed.success) for (const id of parsed.data.hinted) hinted.add(id);
      } catch {
        // Absent or unreadable: at worst someone gets the hint a second time.
      }
    })());
  return {
    async firstTime(id) {
      await load();
      if (hinted.has(id)) return false;
      hinted.add(id);
      if (file) {
        await writeJsonAtomic(file, { hinted: [...hinted] }).catch((error: unknown) =>
          log.warn(`cannot save ${file}: ${errorText(error)}`),
        );
      }
      return true;
    },
  };
}
