// Conversations, one per session key (channel + conversation id), each in its own JSON file under
// `$CLAWBAR_HOME/sessions`, written atomically so a restart (or a crash) keeps them. Only the
// last N turns are kept: that is all the agent sends to the model anyway.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { createLogger } from '../log/logger.js';

import type { ChatMessage } from './types.js';

const log = createLogger('agent/sessions');

/** A kept conversation is at most `historyTurns` turns; a file past this is not one clawbar wrote. */
const MAX_SESSION_FILE_BYTES = 8 * 1024 * 1024;

const sessionFileSchema = z.object({
  version: z.literal(1),
  sessionKey: z.string(),
  updatedAt: z.string(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })),
});
type SessionFile = z.infer<typeof sessionFileSchema>;

export interface SessionStore {
  /** The kept history, oldest first (empty for a new session). */
  history(sessionKey: string): Promise<ChatMessage[]>;
  /** Appends one finished turn and trims to the last `maxTurns` turns. */
  appendTurn(sessionKey: string, user: string, assistant: string): Promise<void>;
  reset(sessionKey: string): Promise<void>;
}

export interface SessionStoreOptions {
  dir: string;
  /** Turns (user + assistant pairs) kept per session. */
  maxTurns: number;
  now?: () => number;
}

/** A readable, collision-free file name for any session key. */
export function sessionFileName(sessionKey: string): string {
  const slug = sessionKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64);
  const hash = createHash('sha256').update(sessionKey).digest('hex').slice(0, 12);
  return `${slug}-${hash}.json`;
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const now = options.now ?? Date.now;
  const cache = new Map<string, ChatMessage[]>();
  const fileOf = (key: string) => path.join(options.dir, sessionFileName(key));

  const load = async (key: string): Promise<ChatMessage[]> => {
    const cached = cache.get(key);
    if (cached) return cached;
    const file = fileOf(key);
    let messages: ChatMessage[] = [];
    let text: string | null = null;
    try {
      // A FIFO, a link or a giant in its place starts the session afresh; the next turn replaces it.
      text = await readOwnFile(file, { maxBytes: MAX_SESSION_FILE_BYTES });
    } catch (error) {
      log.warn(`${errorMessage(error)}; starting it afresh`);
    }
    if (text !== null) {
      let parsed: SessionFile | null = null;
      try {
        const result = sessionFileSchema.safeParse(JSON.parse(text));
        if (result.success && result.data.sessionKey === key) parsed = result.data;
      } catch {
        // handled below
      }
      if (parsed) {
        messages = parsed.messages;
      } else {
        // Keep the unreadable file for the user instead of overwriting it with the next turn.
        const aside = `${file}.corrupt-${now()}`;
        await fs.rename(file, aside).catch(() => undefined);
        log.warn(`${path.basename(file)} is not a session file; moved aside to ${path.basename(aside)}`);
      }
    }
    cache.set(key, messages);
    return messages;
  };

  return {
    async history(sessionKey) {
      return [...(await load(sessionKey))];
    },
    async appendTurn(sessionKey, user, assistant) {
      const messages = await load(sessionKey);
      messages.push({ role: 'user', content: user }, { role: 'assistant', content: assistant });
      const keep = Math.max(0, options.maxTurns) * 2;
      messages.splice(0, Math.max(0, messages.length - keep));
      const file: SessionFile = {
        version: 1,
        sessionKey,
        updatedAt: new Date(now()).toISOString(),
        messages,
      };
      await writeJsonAtomic(fileOf(sessionKey), file);
    },
    async reset(sessionKey) {
      cache.set(sessionKey, []);
      await fs.rm(fileOf(sessionKey), { force: true });
    },
  };
}
