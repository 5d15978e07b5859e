import type { LanlineDesktopBridge } from '../../../core/api/desktop-bridge';
import type { NotificationRequest } from './notification-policy';

export type NotifierPermission = 'granted' | 'denied' | 'default' | 'unsupported';

/**
 * Where notifications go: the Electron shell's native ones (clicks come back
 * as `open-conversation` on the desktop bridge), or the browser's
 * Notification API, which needs the person's permission first.
 */
export interface Notifier {
  readonly kind: 'desktop' | 'browser' | 'none';
  permission(): NotifierPermission;
  /** Only ever called from a click: browsers ignore (and may penalise) unprompted requests. */
  requestPermission(): Promise<NotifierPermission>;
  show(request: NotificationRequest, onClick: () => void): void;
}

export function desktopNotifier(bridge: LanlineDesktopBridge): Notifier {
  return {
    kind: 'desktop',
    permission: () => 'granted',
    requestPermission: () => Promise.resolve('granted'),
    show: ({ messageId, conversation, title, body }) => bridge.send({ type: 'notify', messageId, conversation, title, body }),
  };
}

export function browserNotifier(): Notifier {
  if (typeof Notification === 'undefined') {
    return {
      kind: 'none',
      permission: () => 'unsupported',
      requestPermission: () => Promise.resolve('unsupported'),
      show: () => {},
    };
  }
  return {
    kind: 'browser',
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    show: (request, onClick) => {
      // The tag makes a repeat for the same message replace, not stack.
      const notification = new Notification(request.title, { body: request.body, tag: request.messageId });
      notification.onclick = () => {
        window.focus();
        onClick();
        notification.close();
      };
    },
  };
}
