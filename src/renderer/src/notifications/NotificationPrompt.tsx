import { useState } from 'react';
import { Icon, ICONS } from '../app/Icon';
import type { Notifier, NotifierPermission } from './notifier';

/**
 * A quiet bar, shown once in browser mode, offering notifications. The
 * browser's own permission prompt only appears when the person clicks
 * "Turn on"; "Not now" is remembered.
 */
export function NotificationPrompt(props: { notifier: Notifier; onDismiss: () => void }) {
  const [permission, setPermission] = useState<NotifierPermission>(() => props.notifier.permission());
  if (permission !== 'default') return null;
  return (
    <div className="notification-prompt" role="region" aria-label="Notifications" data-testid="notification-prompt">
      <Icon path={ICONS.bell} size={18} />
      <p>Get a notification when someone writes while Lanline is in the background?</p>
      <div className="notification-prompt-actions">
        <button
          type="button"
          className="button primary small"
          data-testid="notifications-enable"
          onClick={() =>
            void props.notifier.requestPermission().then((answer) => {
              setPermission(answer);
              if (answer !== 'default') props.onDismiss();
            })
          }
        >
          Turn on
        </button>
        <button type="button" className="button subtle small" data-testid="notifications-later" onClick={props.onDismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}
