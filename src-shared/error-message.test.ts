import { describe, expect, it } from 'vitest';

import { errorMessage } from './error-message.js';

describe('errorMessage', () => {
  it('reads an Error’s message and turns anything else thrown into text', () => {
    expect(errorMessage(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ code: 'ENOENT' })).toBe('[object Object]');
  });
});
