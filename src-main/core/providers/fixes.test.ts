import { describe, expect, it } from 'vitest';

import { profileFix } from './fixes.js';

describe('profileFix', () => {
  it('offers "Log in" with the CLI\'s own command for a login that never existed, "Re-login" through clawbar after', () => {
    expect(profileFix({ id: 'openai-codex:codex-cli', status: 'missing' })).toEqual({
      kind: 'login',
      label: 'Log in',
      command: 'codex login',
    });
    expect(profileFix({ id: 'openai-codex:codex-cli', status: 'expired' })).toEqual({
      kind: 'login',
      label: 'Re-login',
      command: 'clawbar relogin codex',
    });
    expect(profileFix({ id: 'anthropic:claude-cli', status: 'missing' })).toMatchObject({
      command: 'claude auth login',
    });
    expect(profileFix({ id: 'anthropic:claude-cli', status: 'expired' })).toMatchObject({
      command: 'clawbar relogin claude',
    });
    // The Codex CLI in API-key mode is renewed by the same login.
    expect(profileFix({ id: 'openai:codex-cli', status: 'expired' })).toMatchObject({
      command: 'clawbar relogin codex',
    });
  });

  it("names clawbar's own login, keys and channel tokens by the commands that replace them", () => {
    expect(profileFix({ id: 'openai-codex:default', status: 'expired' })).toEqual({
      kind: 'login',
      label: 'Re-login',
      command: 'clawbar auth login openai-codex',
    });
    expect(profileFix({ id: 'openai:default', status: 'missing' })).toEqual({
      kind: 'command',
      label: 'Add key',
      command: 'clawbar auth add-key openai',
    });
    expect(profileFix({ id: 'anthropic:env', status: 'expired' })).toEqual({
      kind: 'command',
      label: 'Replace key',
      command: 'clawbar auth add-key anthropic',
    });
    expect(profileFix({ id: 'slack:app', status: 'expired' })).toEqual({
      kind: 'command',
      label: 'Replace token',
      command: 'clawbar secrets set slack-app-token',
    });
    expect(profileFix({ id: 'discord:bot', status: 'missing' })).toMatchObject({
      label: 'Add token',
      command: 'clawbar secrets set discord-token',
    });
    expect(profileFix({ id: 'whatsapp:+15550100000', status: 'expired' })).toEqual({
      kind: 'link',
      label: 'Re-link WhatsApp',
      command: 'clawbar channels login whatsapp',
      channel: 'whatsapp',
    });
    expect(profileFix({ id: 'whatsapp:unlinked', status: 'missing' })).toMatchObject({ label: 'Link WhatsApp' });
  });

  it('offers a fix only for a problem: stopped, absent, or a failed refresh — not for a login merely expiring', () => {
    expect(profileFix({ id: 'openai-codex:codex-cli', status: 'ok' })).toBeNull();
    expect(profileFix({ id: 'openai-codex:codex-cli', status: 'expiring' })).toBeNull();
    expect(profileFix({ id: 'openai:env', status: 'static' })).toBeNull();
    expect(profileFix({ id: 'openai-codex:codex-cli', status: 'expiring', troubled: true })).toMatchObject({
      label: 'Re-login',
    });
    // A provider clawbar does not know gets no made-up command.
    expect(profileFix({ id: 'mistral:default', status: 'expired' })).toBeNull();
  });
});
