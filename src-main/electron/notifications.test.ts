import { beforeEach, describe, expect, it } from 'vitest';

import { FakeNotification } from '../../test/fixtures/fake-electron.js';

import { notificationOptions, setupNotifications } from './notifications.js';

import type { NotifyEvent } from '../../src-shared/protocol/index.js';

const expiring: NotifyEvent = {
  id: 'expiring|openai-codex:codex-cli|3600000|abc',
  level: 'critical',
  title: 'Codex login expires in 30m',
  body: 'openai-codex:codex-cli expires in 30m. Re-login now to keep it working.',
  profileId: 'openai-codex:codex-cli',
  action: 'relogin',
};

describe('notifications', () => {
  beforeEach(() => {
    FakeNotification.shown = [];
  });

  it('offers Re-login and Later on macOS for an expiry', () => {
    expect(notificationOptions(expiring, 'darwin')).toEqual({
      title: 'Codex login expires in 30m',
      body: expiring.body,
      silent: false,
      actions: [{ type: 'button', text: 'Re-login' }],
      closeButtonText: 'Later',
    });
  });

  it('has no buttons for information, and urgency on Linux', () => {
    const info: NotifyEvent = { id: 'i', level: 'info', title: 'Codex re-login succeeded', body: 'b' };
    expect(notificationOptions(info, 'darwin')).toEqual({ title: info.title, body: 'b', silent: true });
    expect(notificationOptions(expiring, 'linux')).toMatchObject({ urgency: 'critical' });
  });

  it('starts the re-login on a click or on the Re-login button, not on Later', () => {
    const relogins: string[] = [];
    const show = setupNotifications({
      Notification: FakeNotification as never,
      platform: 'darwin',
      relogin: (id) => relogins.push(id),
    });
    show(expiring);
    const [shown] = FakeNotification.shown;
    shown!.emit('click');
    shown!.emit('action', {}, 0);
    shown!.emit('close');
    expect(relogins).toEqual(['openai-codex:codex-cli', 'openai-codex:codex-cli']);

    show({ id: 'x', level: 'info', title: 't', body: 'b', profileId: 'openai-codex:codex-cli' });
    FakeNotification.shown[1]!.emit('click');
    expect(relogins).toHaveLength(2);
  });
});
