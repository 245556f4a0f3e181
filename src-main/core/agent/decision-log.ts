// The agent's routing decisions (issue 17): for each turn, which profile answered and why the others
// were skipped. The last ones are kept in `$CLAWBAR_HOME/state/agent-log.json` so `clawbar agent log`
// (another process) can print them: "turn 41: openai-codex:codex-cli@work — openai-codex:codex-cli skipped: Week 0% left".
import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { createLogger } from '../log/logger.js';

const log = createLogger('agent');

/** How many decisions are kept. */
export const KEEP_DECISIONS = 50;

const decisionSchema = z.object({
  turn: z.number().int().min(1),
  at: z.string().max(40),
  model: z.string().max(300),
  strategy: z.enum(['order', 'headroom']),
  /** The profile that answered; null when none did. */
  profileId: z.string().max(300).nullable(),
  /** Why it was picked: its tightest window (`5h 40% left`), or `first in order`. */
  why: z.string().max(300),
  skipped: z.array(z.object({ profileId: z.string().max(300), reason: z.string().max(300) })).max(100),
});
export type Decision = z.infer<typeof decisionSchema>;

const fileSchema = z.object({ version: z.literal(1), decisions: z.array(decisionSchema).max(KEEP_DECISIONS) });

/** Reads the saved decisions, oldest first; none when the file is absent or malformed. */
export async function readDecisions(file: string): Promise<Decision[]> {
  const text = await readOwnFile(file);
  if (text === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  const parsed = fileSchema.safeParse(raw);
  return parsed.success ? parsed.data.decisions : [];
}

/** One decision as a line: `turn 41: <profile> (5h 40% left) — <other> skipped: <why>; …`. */
export function formatDecision(decision: Decision): string {
  let line = `turn ${decision.turn}: ${decision.profileId ?? 'no profile answered'}`;
  if (decision.profileId) line += ` (${decision.why})`;
  if (decision.skipped.length > 0) {
    line += ` — ${decision.skipped.map((s) => `${s.profileId} skipped: ${s.reason}`).join('; ')}`;
  }
  return line;
}

export interface DecisionLog {
  /** Numbers and keeps a decision; writes the file in the background. */
  record(decision: Omit<Decision, 'turn'>): Decision;
  list(): Decision[];
  load(): Promise<void>;
  flush(): Promise<void>;
}

/** A decision log over `file`; without a file, in memory only. */
export function createDecisionLog(file?: string): DecisionLog {
  let decisions: Decision[] = [];
  let writing: Promise<void> = Promise.resolve();
  return {
    async load() {
      if (!file) return;
      try {
        decisions = await readDecisions(file);
      } catch (error) {
        log.warn(`cannot read the agent log: ${errorMessage(error)}`);
      }
    },
    record(entry) {
      const decision: Decision = { turn: (decisions.at(-1)?.turn ?? 0) + 1, ...entry };
      decisions = [...decisions, decision].slice(-KEEP_DECISIONS);
      if (file) {
        const body = { version: 1, decisions };
        writing = writing
          .then(() => writeJsonAtomic(file, body))
          .catch((error: unknown) => log.warn(`cannot save the agent log: ${errorMessage(error)}`));
      }
      return decision;
    },
    list: () => [...decisions],
    flush: () => writing,
  };
}
