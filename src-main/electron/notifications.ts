// Native notifications for the gateway's `notify` events. On macOS an expiry carries the action
// buttons Re-login / Later; clicking the notification (or Re-login) starts the re-login.
import type { NotifyEvent } from '../../src-shared/protocol/index.js';
import type { Notification, NotificationConstructorOptions } from 'electron';

/** The options for one notify event. Pure. */
export function notificationOptions(event: NotifyEvent, platform: NodeJS.Platform): NotificationConstructorOptions {
  const relogin = event.action === 'relogin' && event.profileId !== undefined;
  return {
    title: event.title,
    body: event.body,
    silent: event.level === 'info',
    ...(platform === 'linux' ? { urgency: event.level === 'critical' ? 'critical' : 'normal' } : {}),
    ...(platform === 'darwin' && relogin
      ? { actions: [{ type: 'button', text: 'Re-login' }], closeButtonText: 'Later' }
      : {}),
  };
}

export interface NotificationDeps {
  Notification: (new (options: NotificationConstructorOptions) => Notification) & { isSupported(): boolean };
  platform: NodeJS.Platform;
  relogin(profileId: string): void;
}

/** Returns `show(event)`; a shown notification is kept referenced until closed, or its clicks are lost. */
export function setupNotifications(deps: NotificationDeps): (event: NotifyEvent) => void {
  const live = new Set<Notification>();
  return (event) => {
    if (!deps.Notification.isSupported()) return;
    const notification = new deps.Notification(notificationOptions(event, deps.platform));
    const profileId = event.action === 'relogin' ? event.profileId : undefined;
    if (profileId !== undefined) {
      notification.on('click', () => deps.relogin(profileId));
      // Action 0 is Re-login; Later is the close button and needs nothing.
      notification.on('action', (_e, index) => {
        if (index === 0) deps.relogin(profileId);
      });
    }
    notification.on('close', () => live.delete(notification));
    live.add(notification);
    notification.show();
  };
}
