import { describe, expect, it } from 'vitest';

import { problemSummary, usageProblem, withoutRunHint } from './problem-text.js';

describe('problemSummary', () => {
  it.each([
    // The raw errors the first users met on the cards (issue 14).
    [
      'expiring',
      'delegated refresh failed: codex app-server exited (code 2): error: unexpected argument',
      "Couldn't refresh automatically.",
    ],
    [
      'ok',
      'refresh failed: cannot reach 127.0.0.1:9: fetch failed',
      "Couldn't refresh automatically — the sign-in server can't be reached.",
    ],
    ['expired', 'token expired — delegated refresh failed: network error: bad port', 'The login expired.'],
    ['expired', 'rejected by server (401)', 'The server rejected this login.'],
    ['expired', 'token expired', 'The login expired.'],
    ['missing', 'not logged in to Codex (auth.json is absent)', 'Not logged in.'],
    ['missing', 'not logged in with clawbar (run `clawbar auth login openai-codex`)', 'Not logged in.'],
    ['missing', 'auth.json is not valid JSON', 'The credentials file is empty or half-written.'],
    ['missing', 'auth.json cannot be read (permission denied)', "clawbar isn't allowed to read the credentials file."],
    ['missing', 'auth.json is a symlink to nowhere', "The credentials file can't be read safely."],
    ['missing', 'token expiry is not a plausible time', "The token's expiry can't be read."],
    ['missing', 'OPENAI_API_KEY is not set', 'OPENAI_API_KEY is not set.'],
    ['expired', 'cannot reach auth.openai.com: getaddrinfo ENOTFOUND', "Can't reach the server."],
    ['expired', 'something odd: with a colon and internals', 'This login stopped working.'],
    ['missing', null, 'No usable login.'],
  ] as const)('%s %j reads %j', (status, detail, expected) => {
    expect(problemSummary({ status, detail, type: 'oauth' })).toBe(expected);
  });

  it('names the credential by its kind, and drops the run hint (the fix shows it)', () => {
    expect(
      problemSummary({
        status: 'expired',
        detail: 'rejected by Slack — run: clawbar secrets set slack-app-token',
        type: 'token',
      }),
    ).toBe('The server rejected this token.');
    expect(
      problemSummary({
        status: 'missing',
        detail: 'no key added (run `clawbar auth add-key openai`)',
        type: 'api_key',
      }),
    ).toBe('No key added.');
    expect(problemSummary({ status: 'expired', detail: 'logged out by WhatsApp', type: 'token' })).toBe(
      'Logged out — link it again.',
    );
  });

  it('says nothing when nothing is wrong', () => {
    expect(problemSummary({ status: 'ok', detail: null })).toBeNull();
    expect(problemSummary({ status: 'static', detail: null })).toBeNull();
    expect(problemSummary({ status: 'expiring', detail: null })).toBeNull();
  });
});

describe('usageProblem', () => {
  it.each([
    ['usage server unreachable', 'Usage server unreachable.'],
    ['cannot reach 127.0.0.1:9: fetch failed', 'Usage server unreachable.'],
    ['network error: bad port', 'Usage server unreachable.'],
    ['rate limited (429)', 'Usage server busy — trying again later.'],
    ['timed out after 3.5 s', "Usage server didn't answer in time."],
    ['rejected by server (401)', 'Usage request rejected — log in again.'],
    ['server answered 502', 'Usage server error.'],
    ['not the shape the endpoint documents', 'Usage unavailable.'],
  ])('%j reads %j', (error, expected) => expect(usageProblem(error)).toBe(expected));
});

describe('withoutRunHint', () => {
  it('cuts both hint forms and nothing else', () => {
    expect(withoutRunHint('rejected by Slack — run: clawbar secrets set slack-app-token')).toBe('rejected by Slack');
    expect(withoutRunHint('no key added (run `clawbar auth add-key openai`)')).toBe('no key added');
    expect(withoutRunHint('auth.json is empty')).toBe('auth.json is empty');
  });
});
