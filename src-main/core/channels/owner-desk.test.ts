import { describe, expect, it, vi } from 'vitest';

import { createOwnerDesk, HELD_NOTICE, type DeskMessage, type OwnerLine } from './owner-desk.js';
import { profileView } from './owner.test-helper.js';

import type { LoginView, ProfileView } from '../../../src-shared/protocol/index.js';
import type { LoginProgress } from '../reauth/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OWNER = '100000000000000009';
const CODEX = 'openai-codex:codex-cli';

const dead = (expiresAt = '2026-11-29T00:00:00.000Z') =>
  profileView({
    id: CODEX,
    status: 'expired',
    expiresAt,
    remainingMs: -HOUR,
    refreshable: false,
    detail: 'token expired',
  });
const renewed = () =>
  profileView({ id: CODEX, status: 'ok', expiresAt: '2026-12-10T00:00:00.000Z', remainingMs: 10 * DAY - 30_000 });

function setup() {
  let profiles: ProfileView[] = [dead()];
  const changed = new Set<() => void>();
  const progress = new Set<(p: LoginProgress) => void>();
  const started: { profileId: string; method: string | undefined }[] = [];
  const views: LoginView[] = [];
  const desk = createOwnerDesk({
    config: { current: () => ({ agent: { model: 'openai-codex/gpt-6.1-sol', fallbacks: [] }, auth: { order: {} } }) },
    profiles: {
      profiles: () => profiles,
      onChanged: (listener) => {
        changed.add(listener);
        return () => changed.delete(listener);
      },
    },
    logins: () => ({
      start: (profileId, method) => {
        started.push({ profileId, method });
        return { loginId: `login-${started.length}` };
      },
      list: () => views,
    }),
    onLoginProgress: (listener) => {
      progress.add(listener);
      return () => progress.delete(listener);
    },
    checkEveryMs: 3_600_000,
  });
  const dms: string[] = [];
  let ready = true;
  const line: OwnerLine = {
    channel: 'discord',
    owner: OWNER,
    ready: () => ready,
    dm: async (text) => void dms.push(text),
  };
  const replies: string[] = [];
  const message = (senderId: string, text: string, direct = true): DeskMessage => ({
    channel: 'discord',
    senderId,
    direct,
    text,
    reply: async (t) => void replies.push(t),
  });
  return {
    desk,
    dms,
    replies,
    started,
    views,
    line,
    message,
    setReady: (value: boolean) => (ready = value),
    setProfiles(next: ProfileView[]) {
      profiles = next;
      for (const listener of changed) listener();
    },
    emit: (p: LoginProgress) => {
      for (const listener of progress) listener(p);
    },
  };
}

describe('owner desk', () => {
  it('DMs the owner once per dying, says when it is restored, and again on the next dying', async () => {
    const s = setup();
    s.desk.start();
    s.desk.attach(s.line);
    await vi.waitFor(() => expect(s.dms).toHaveLength(1));
    expect(s.dms[0]).toMatch(
      /^Your Codex login \(openai-codex:codex-cli\) expired 1h 0m ago — the agent cannot answer/,
    );
    expect(s.dms[0]).toContain('Reply "relogin"');
    // Further checks (a change, a poll) of the same dying say nothing more.
    s.setProfiles([dead()]);
    s.setProfiles([{ ...dead(), detail: 'rejected by server (401)' }]);
    s.setProfiles([renewed()]);
    await vi.waitFor(() => expect(s.dms).toHaveLength(2));
    expect(s.dms[1]).toBe('Codex login restored, expires in 9d 23h.');
    s.setProfiles([dead('2026-12-10T00:00:00.000Z')]);
    await vi.waitFor(() => expect(s.dms).toHaveLength(3));
    expect(s.dms[2]).toContain('Your Codex login');
    await s.desk.stop();
  });

  it('waits for the channel to be connected before it DMs', async () => {
    const s = setup();
    s.setReady(false);
    s.desk.start();
    s.desk.attach(s.line);
    s.setProfiles([dead()]);
    await s.desk.stop();
    expect(s.dms).toEqual([]);
    s.setReady(true);
    s.desk.start();
    await vi.waitFor(() => expect(s.dms).toHaveLength(1));
    await s.desk.stop();
  });

  it('lets only the owner, in a DM, start a device-code login of the dying profile', async () => {
    const s = setup();
    s.desk.start();
    s.desk.attach(s.line);
    expect(s.desk.command(s.message('100000000000000002', 'relogin'))).toBe(false);
    expect(s.desk.command(s.message(OWNER, 'relogin', false))).toBe(false);
    expect(s.desk.command(s.message(OWNER, 'please relogin'))).toBe(false);
    expect(s.desk.command(s.message(OWNER, '/relogin'))).toBe(true);
    await vi.waitFor(() => expect(s.started).toEqual([{ profileId: CODEX, method: 'device' }]));
    s.emit({ loginId: 'login-1', profileId: CODEX, state: 'starting', method: 'device' });
    s.emit({
      loginId: 'login-1',
      profileId: CODEX,
      state: 'waiting',
      method: 'device',
      url: 'https://auth.openai.com/codex/device',
      userCode: 'ABCD-12345',
      expiresAt: new Date(Date.now() + 15 * 60_000 - 1000).toISOString(),
    });
    await vi.waitFor(() => expect(s.replies).toHaveLength(1));
    expect(s.replies[0]).toBe(
      'To renew the Codex login, open https://auth.openai.com/codex/device and enter the code ABCD-12345. ' +
        'It expires in 14m. Sign in with the account the agent should use.',
    );
    s.emit({
      loginId: 'login-1',
      profileId: CODEX,
      state: 'failed',
      method: 'device',
      error: 'Login was not completed',
    });
    await vi.waitFor(() => expect(s.replies).toHaveLength(2));
    expect(s.replies[1]).toBe('The Codex login failed: Login was not completed. Reply "relogin" to try again.');
    await s.desk.stop();
  });

  it('refuses a profile the agent does not use and says when nothing needs renewing', async () => {
    const s = setup();
    s.desk.start();
    s.desk.attach(s.line);
    expect(s.desk.command(s.message(OWNER, 'relogin anthropic:claude-cli'))).toBe(true);
    await vi.waitFor(() => expect(s.replies).toHaveLength(1));
    expect(s.replies[0]).toContain('anthropic:claude-cli is not a login the agent uses');
    s.setProfiles([renewed()]);
    expect(s.desk.command(s.message(OWNER, 'relogin'))).toBe(true);
    await vi.waitFor(() => expect(s.replies).toHaveLength(2));
    expect(s.replies[1]).toBe('No login the agent uses needs renewing.');
    expect(s.started).toEqual([]);
    await s.desk.stop();
  });

  it('holds messages only while a login is dying and answers them in order once it is renewed', async () => {
    const s = setup();
    s.desk.start();
    s.desk.attach(s.line);
    const answered: string[] = [];
    const held = (sessionKey: string, text: string) => ({
      sessionKey,
      text,
      answer: async () => void answered.push(text),
      tell: async () => undefined,
    });
    expect(s.desk.hold(held('a', 'first'))).toBe(HELD_NOTICE);
    expect(s.desk.hold(held('b', 'second'))).toBe(HELD_NOTICE);
    expect(s.desk.hold(held('a', 'third'))).toBe(HELD_NOTICE);
    expect(s.desk.command(s.message(OWNER, 'relogin'))).toBe(true);
    await vi.waitFor(() => expect(s.started).toHaveLength(1));
    s.setProfiles([renewed()]);
    s.emit({ loginId: 'login-1', profileId: CODEX, state: 'succeeded', method: 'device' });
    await vi.waitFor(() => expect(answered).toEqual(['first', 'second', 'third']));
    // The restored message reaches the owner once, whichever noticed first (the check or the login's end).
    await vi.waitFor(() => expect([...s.dms, ...s.replies].filter((t) => t.includes('restored'))).toHaveLength(1));
    expect(s.desk.hold(held('a', 'later'))).toBeNull();
    await s.desk.stop();
  });

  it('tells a sender when their held message is dropped to make room', async () => {
    const s = setup();
    const notes: string[] = [];
    for (let i = 1; i <= 6; i++) {
      s.desk.hold({
        sessionKey: 'a',
        text: `message ${i}`,
        answer: async () => undefined,
        tell: async (t) => void notes.push(t),
      });
    }
    await vi.waitFor(() => expect(notes).toHaveLength(1));
    expect(notes[0]).toBe('Your earlier message "message 1" was dropped: too many are waiting for the login.');
    await s.desk.stop();
  });
});
