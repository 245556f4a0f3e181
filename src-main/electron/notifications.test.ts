import { beforeEach, describe, expect, it } from 'vitest';

import { FakeNotification } from '../../test/fixtures/fake-electron.js';

import { notificationLogins, notificationOptions, setupNotifications } from './notifications.js';

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

  it('offers Re-login from another device as a second button when the login has a device-code flow', () => {
    const device: NotifyEvent = { ...expiring, deviceLogin: true };
    expect(notificationLogins(device)).toEqual(['browser', 'device']);
    expect(notificationOptions(device, 'darwin')).toMatchObject({
      actions: [
        { type: 'button', text: 'Re-login' },
        { type: 'button', text: 'Re-login from another device' },
      ],
      closeButtonText: 'Later',
    });
    // Linux notifications have no buttons (the click remains); nothing to fix has none either.
    expect(notificationOptions(device, 'linux')).not.toHaveProperty('actions');
    expect(
      notificationLogins({ id: 'i', level: 'info', title: 't', body: 'b', profileId: expiring.profileId! }),
    ).toEqual([]);
  });

  function setup() {
    const relogins: [string, string][] = [];
    let popovers = 0;
    const show = setupNotifications({
      Notification: FakeNotification as never,
      platform: 'darwin',
      relogin: (id, method) => relogins.push([id, method]),
      showLogin: () => popovers++,
    });
    return { show, relogins, popovers: () => popovers };
  }

  it('starts the browser re-login on a click or on the Re-login button, not on Later', () => {
    const { show, relogins, popovers } = setup();
    show(expiring);
    const [shown] = FakeNotification.shown;
    shown!.emit('click');
    shown!.emit('action', { actionIndex: 0 }, 0);
    shown!.emit('close');
    expect(relogins).toEqual([
      ['openai-codex:codex-cli', 'browser'],
      ['openai-codex:codex-cli', 'browser'],
    ]);
    expect(popovers()).toBe(0);

    show({ id: 'x', level: 'info', title: 't', body: 'b', profileId: 'openai-codex:codex-cli' });
    FakeNotification.shown[1]!.emit('click');
    expect(relogins).toHaveLength(2);
  });

  it('starts the device login on the second button and opens the popover, where its code shows', () => {
    const { show, relogins, popovers } = setup();
    show({ ...expiring, deviceLogin: true });
    const [shown] = FakeNotification.shown;
    shown!.emit('action', { actionIndex: 1 }, 1);
    expect(relogins).toEqual([['openai-codex:codex-cli', 'device']]);
    expect(popovers()).toBe(1);
    // An index without a button (an older macOS reply, say) starts nothing.
    shown!.emit('action', { actionIndex: 2 }, 2);
    // Without the details object (the deprecated argument alone), the index still counts.
    shown!.emit('action', {}, 0);
    expect(relogins).toEqual([
      ['openai-codex:codex-cli', 'device'],
      ['openai-codex:codex-cli', 'browser'],
    ]);
  });
});
