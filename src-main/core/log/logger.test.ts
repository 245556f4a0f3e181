import { afterEach, describe, expect, it } from 'vitest';

import { makeJwt } from '../../../test/fixtures/jwt.js';

import { createLogger, getLogSinks, redact, registerSecret, setLogSinks, type LogRecord } from './logger.js';

const original = getLogSinks();
afterEach(() => setLogSinks(original));

function capture() {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  setLogSinks([
    (record, line) => {
      records.push(record);
      lines.push(line);
    },
  ]);
  return { lines, records };
}

describe('createLogger', () => {
  it('prints `[subsystem] message`, with child subsystems joined by a slash', () => {
    const { lines } = capture();
    const log = createLogger('agents');
    log.info('hello');
    log.child('auth-profiles').warn('synced openai-codex credentials from codex cli');
    expect(lines).toEqual(['[agents] hello', '[agents/auth-profiles] synced openai-codex credentials from codex cli']);
  });

  it('redacts registered secrets, JWTs, bearer tokens and key-shaped strings', () => {
    const { lines } = capture();
    const jwt = makeJwt({ exp: 1, email: 'a@b.c' });
    registerSecret('gateway-token-Zx81Qm2');
    const log = createLogger('gateway');
    log.error(`connect with gateway-token-Zx81Qm2 failed`);
    log.info(`token ${jwt} expired`);
    log.info('sent Authorization: Bearer abc.def-ghi_jkl123 upstream');
    log.warn('keys sk-proj-abcdefghijklmnop and sk-ant-oat01-abcdefghijkl and rt_abcdefghijklmnopq');
    log.warn('slack xoxb-1234567890-abcdefghijkl and xapp-1-A012-3456-abcdefghijkl');
    log.warn('cannot open http://127.0.0.1:18789/#token=unregistered-Qp7 (no browser)');
    expect(lines.join('\n')).not.toMatch(/Zx81Qm2|eyJ|abc\.def|abcdefghijkl|Qp7/);
    expect(lines).toEqual([
      '[gateway] connect with [redacted] failed',
      '[gateway] token [redacted] expired',
      '[gateway] sent Authorization: Bearer [redacted] upstream',
      '[gateway] keys [redacted] and [redacted] and [redacted]',
      '[gateway] slack [redacted] and [redacted]',
      '[gateway] cannot open http://127.0.0.1:18789/#token=[redacted] (no browser)',
    ]);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('listening on ws://127.0.0.1:18789 (PID 92941)')).toBe(
      'listening on ws://127.0.0.1:18789 (PID 92941)',
    );
    expect(redact('openai-codex:codex-cli expires in 9d 23h')).toBe('openai-codex:codex-cli expires in 9d 23h');
  });
});
