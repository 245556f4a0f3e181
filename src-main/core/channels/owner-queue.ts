// The messages a dead login could not answer, kept (in memory: a restart forgets them) to be
// answered once the login is renewed. Bounded per conversation and overall; when either is full the
// oldest message goes, and its sender is told so.

export interface HeldMessage {
  /** The conversation (`discord:dm:<user id>`): its messages are answered in the order they came. */
  sessionKey: string;
  /** What was asked, for the note when it is dropped (never logged whole). */
  text: string;
  /** Asks the agent again and delivers the answer where the message came from. */
  answer(): Promise<void>;
  /** Says something to the sender (the note when the message is dropped). */
  tell(text: string): Promise<void>;
}

export interface HeldQueue {
  /** Keeps `message`; returns the messages dropped to make room (oldest first). */
  hold(message: HeldMessage): HeldMessage[];
  /** Every held message in the order they came, removing them. */
  take(): HeldMessage[];
  size(): number;
}

export const PER_CONVERSATION = 5;
export const OVERALL = 50;

export function createHeldQueue(limits: { perConversation?: number; overall?: number } = {}): HeldQueue {
  const perConversation = limits.perConversation ?? PER_CONVERSATION;
  const overall = limits.overall ?? OVERALL;
  let held: HeldMessage[] = [];
  return {
    hold(message) {
      const dropped: HeldMessage[] = [];
      const same = held.filter((m) => m.sessionKey === message.sessionKey);
      if (same.length >= perConversation) dropped.push(...same.slice(0, same.length - perConversation + 1));
      held = held.filter((m) => !dropped.includes(m));
      if (held.length >= overall) dropped.push(...held.splice(0, held.length - overall + 1));
      held.push(message);
      return dropped;
    },
    take() {
      const all = held;
      held = [];
      return all;
    },
    size: () => held.length,
  };
}

/** The first words of a message, for the note that it was dropped. */
export function preview(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
