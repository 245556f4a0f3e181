// The owner desk for a channel test: the real desk (owner-desk.ts) over the channel agent's
// in-memory auth, with a login runner stand-in whose progress the test drives (the whole runtime,
// with the real runner and the fake `codex`, is test/integration/runtime-owner-relogin.test.ts).
import { createOwnerDesk, type OwnerDesk } from './owner-desk.js';

import type { LoginProgress } from '../reauth/types.js';
import type { ChannelAgent } from './channel-agent.test-helper.js';

export const CODEX_CLI = 'openai-codex:codex-cli';
export const DEVICE_URL = 'https://auth.openai.com/codex/device';

export interface OwnerDeskHarness {
  desk: OwnerDesk;
  /** The device logins started: `[profileId, method]`. */
  started: [string, string | undefined][];
  /** The login prints its link and code. */
  showCode(userCode: string): void;
  /** The code was entered: the login is no longer rejected, and the runner says it succeeded. */
  complete(): void;
}

export function startOwnerDesk(ctx: Pick<ChannelAgent, 'auth' | 'rejected'>): OwnerDeskHarness {
  const progress = new Set<(p: LoginProgress) => void>();
  const changed = new Set<() => void>();
  const started: [string, string | undefined][] = [];
  const desk = createOwnerDesk({
    config: { current: () => ({ agent: { model: 'openai-codex/gpt-6.1-sol', fallbacks: [] }, auth: { order: {} } }) },
    profiles: {
      profiles: () => ctx.auth.profiles(),
      onChanged: (listener) => {
        changed.add(listener);
        return () => changed.delete(listener);
      },
    },
    logins: () => ({
      start: (profileId, method) => {
        started.push([profileId, method]);
        return { loginId: `login-${started.length}` };
      },
      list: () => [],
    }),
    onLoginProgress: (listener) => {
      progress.add(listener);
      return () => progress.delete(listener);
    },
    // The in-memory auth announces nothing: the desk's clock check notices the rejection.
    checkEveryMs: 50,
  });
  desk.start();
  const emit = (p: Omit<LoginProgress, 'loginId' | 'profileId' | 'method'>) => {
    for (const listener of progress)
      listener({ loginId: `login-${started.length}`, profileId: CODEX_CLI, method: 'device', ...p });
  };
  return {
    desk,
    started,
    showCode: (userCode) =>
      emit({
        state: 'waiting',
        url: DEVICE_URL,
        userCode,
        expiresAt: new Date(Date.now() + 15 * 60_000 - 1000).toISOString(),
      }),
    complete() {
      ctx.rejected.clear();
      for (const listener of changed) listener();
      emit({ state: 'succeeded' });
    },
  };
}
