// What a channel sends back for an agent run: its answer, or — when the run failed only because
// no login was usable while one the agent depends on is dying — the desk's notice that the
// message is kept and will be answered once the login is renewed (owner-desk.ts).
import type { SendResult } from '../agent/types.js';
import type { OwnerDesk } from './owner-desk.js';
import type { HeldMessage } from './owner-queue.js';

export function replyText(result: SendResult, desk: Pick<OwnerDesk, 'hold'> | undefined, held: HeldMessage): string {
  if (!result.ok && result.noUsableLogin) {
    const notice = desk?.hold(held);
    if (notice) return notice;
  }
  return result.text || '(no answer)';
}
