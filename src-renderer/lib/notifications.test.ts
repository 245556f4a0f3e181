import { afterEach, describe, expect, it, vi } from 'vitest';

import { showNotification } from './notifications';

// jsdom has no Notification API; this stands in for the browser's, with its real shape.
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeNotification.shown = [];
});

const event = {
  id: 'n1',
  level: 'warning' as const,
  title: 'Codex login expires in 1h',
  body: 'openai-codex:codex-cli',
  profileId: 'openai-codex:codex-cli',
  action: 'relogin' as const,
};

describe('showNotification', () => {
  it('shows a notify event when permitted, and a click starts its action', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const onClick = vi.fn();
    expect(showNotification(event, onClick)).toBe(true);
    const [shown] = FakeNotification.shown;
    expect(shown?.title).toBe('Codex login expires in 1h');
    expect(shown?.options).toMatchObject({ body: 'openai-codex:codex-cli', tag: 'n1' });
    shown?.onclick?.();
    expect(onClick).toHaveBeenCalledWith(event);
    expect(shown?.closed).toBe(true);
  });

  it('stays quiet without permission or without the API', () => {
    FakeNotification.permission = 'default';
    vi.stubGlobal('Notification', FakeNotification);
    expect(showNotification(event)).toBe(false);
    expect(FakeNotification.shown).toHaveLength(0);
    FakeNotification.permission = 'granted';
    vi.stubGlobal('Notification', undefined);
    expect(showNotification(event)).toBe(false);
  });
});
