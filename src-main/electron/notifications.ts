// Native notifications for the gateway's `notify` events. On macOS an expiry carries the action
// buttons Re-login and — for a login with a device-code flow — Re-login from another device (issue
// 18), with Later to close; a click on the notification itself starts the browser re-login.
// macOS shows the buttons only for a signed app whose notification style is Alerts (banners show
// none, docs/electron.md#notification-actions): the click does the safe default, and both logins are
// also a click away in the popover and the dashboard.
import type { LoginMethod, NotifyEvent } from '../../src-shared/protocol/index.js';
import type { Notification, NotificationConstructorOptions } from 'electron';

const ACTION_TEXT: Record<LoginMethod, string> = {
  browser: 'Re-login',
  device: 'Re-login from another device',
};

/** The logins a notification's buttons start, in button order (an `action` event's index). Pure. */
export function notificationLogins(event: NotifyEvent): LoginMethod[] {
  if (event.action !== 'relogin' || event.profileId === undefined) return [];
  return event.deviceLogin ? ['browser', 'device'] : ['browser'];
}

/** The options for one notify event. Pure. */
export function notificationOptions(event: NotifyEvent, platform: NodeJS.Platform): NotificationConstructorOptions {
  const logins = notificationLogins(event);
  return {
    title: event.title,
    body: event.body,
    silent: event.level === 'info',
    ...(platform === 'linux' ? { urgency: event.level === 'critical' ? 'critical' : 'normal' } : {}),
    ...(platform === 'darwin' && logins.length > 0
      ? { actions: logins.map((method) => ({ type: 'button', text: ACTION_TEXT[method] })), closeButtonText: 'Later' }
      : {}),
  };
}

export interface NotificationDeps {
  Notification: (new (options: NotificationConstructorOptions) => Notification) & { isSupported(): boolean };
  platform: NodeJS.Platform;
  relogin(profileId: string, method: LoginMethod): void;
  /** Shows the popover, where a device login's code appears (the notification cannot show it). */
  showLogin(): void;
}

/** Returns `show(event)`; a shown notification is kept referenced until closed, or its clicks are lost. */
export function setupNotifications(deps: NotificationDeps): (event: NotifyEvent) => void {
  const live = new Set<Notification>();
  const start = (profileId: string, method: LoginMethod) => {
    deps.relogin(profileId, method);
    if (method === 'device') deps.showLogin();
  };
  return (event) => {
    if (!deps.Notification.isSupported()) return;
    const notification = new deps.Notification(notificationOptions(event, deps.platform));
    const logins = notificationLogins(event);
    const profileId = event.profileId;
    if (profileId !== undefined && logins.length > 0) {
      notification.on('click', () => start(profileId, 'browser'));
      // Later is the close button and needs nothing. The index is in the details since Electron 40;
      // the second argument is its deprecated copy.
      notification.on('action', (details, actionIndex) => {
        const method = logins[typeof details?.actionIndex === 'number' ? details.actionIndex : actionIndex];
        if (method) start(profileId, method);
      });
    }
    notification.on('close', () => live.delete(notification));
    live.add(notification);
    notification.show();
  };
}
