// Gateway `notify` events as browser notifications. In Electron the shell shows them natively,
// so the page stays quiet there to avoid doubles.
import { type NotifyEvent } from '../../src-shared/protocol/index';

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Shows the event when the user allowed notifications; a click focuses the page and runs `onClick`. */
export function showNotification(event: NotifyEvent, onClick?: (event: NotifyEvent) => void): boolean {
  if (!notificationsSupported() || Notification.permission !== 'granted') return false;
  const notification = new Notification(event.title, {
    body: event.body,
    tag: event.id,
    requireInteraction: event.level === 'critical',
  });
  notification.onclick = () => {
    window.focus();
    onClick?.(event);
    notification.close();
  };
  return true;
}
