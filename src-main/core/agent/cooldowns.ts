// Rate-limit cooldowns per (profile, model) (issue 17): a 429's Retry-After rests that profile for
// that model only, and a quota error (`usage_limit_reached`, `insufficient_quota`) rests it for every
// model until its window resets. Kept in `$CLAWBAR_HOME/state/cooldowns.json`, so a restart does not
// forget them and send the next turn straight into another 429.
import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { createLogger } from '../log/logger.js';

const log = createLogger('agent');

/** The model a cooldown of the whole profile names. */
export const ALL_MODELS = '*';

const fileSchema = z.object({
  version: z.literal(1),
  cooldowns: z
    .array(z.object({ profileId: z.string().max(300), model: z.string().max(300), until: z.number().finite() }))
    .max(1000),
});

export interface Cooldown {
  profileId: string;
  /** `<provider>/<model>`, or `*` for every model of the profile. */
  model: string;
  /** Epoch ms. */
  until: number;
}

export interface CooldownStore {
  /** Reads the file once (absent, unreadable or malformed: no cooldowns, said in the log). */
  load(): Promise<void>;
  /** Rests `profileId` for `model` (or `*`) for `ms`, and writes the file. */
  set(profileId: string, model: string, ms: number): void;
  /** How long `profileId` still rests for `model` (0: usable). */
  remaining(profileId: string, model: string): number;
  /** The cooldowns still running, soonest end first. */
  list(): Cooldown[];
  /** Resolves once the last write is on disk. */
  flush(): Promise<void>;
}

/** A cooldown store over `file`; without a file, cooldowns live in memory only. */
export function createCooldownStore(options: { file?: string; now: () => number }): CooldownStore {
  const { file, now } = options;
  const entries = new Map<string, Cooldown>();
  let writing: Promise<void> = Promise.resolve();
  const key = (profileId: string, model: string) => `${profileId}\0${model}`;
  const live = () => [...entries.values()].filter((entry) => entry.until > now());
  const save = () => {
    if (!file) return;
    const body = { version: 1, cooldowns: live() };
    writing = writing
      .then(() => writeJsonAtomic(file, body))
      .catch((error: unknown) => log.warn(`cannot save the cooldowns: ${errorMessage(error)}`));
  };
  return {
    async load() {
      if (!file) return;
      try {
        const text = await readOwnFile(file);
        if (text === null) return;
        const parsed = fileSchema.safeParse(JSON.parse(text));
        if (!parsed.success) {
          log.warn('cooldowns.json is not in the expected form; starting without cooldowns');
          return;
        }
        for (const entry of parsed.data.cooldowns) {
          if (entry.until > now()) entries.set(key(entry.profileId, entry.model), entry);
        }
      } catch (error) {
        log.warn(`cannot read the cooldowns: ${errorMessage(error)}`);
      }
    },
    set(profileId, model, ms) {
      entries.set(key(profileId, model), { profileId, model, until: now() + ms });
      save();
    },
    remaining(profileId, model) {
      let left = 0;
      for (const candidate of [model, ALL_MODELS]) {
        const entry = entries.get(key(profileId, candidate));
        if (entry) left = Math.max(left, entry.until - now());
      }
      return Math.max(0, left);
    },
    list: () => live().sort((a, b) => a.until - b.until),
    flush: () => writing,
  };
}
