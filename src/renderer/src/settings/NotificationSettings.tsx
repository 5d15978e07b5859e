import { useState } from 'react';
import { usePreferences } from '../app/preferences';
import type { NotifyLevel } from '../notifications/notification-policy';
import type { Notifier } from '../notifications/notifier';
import { SettingsRow, SettingsSection } from './SettingsSection';

const levels: Array<{ value: NotifyLevel; label: string }> = [
  { value: 'all', label: 'Every new message' },
  { value: 'mentions', label: 'Only when I am @mentioned' },
  { value: 'off', label: 'Never' },
];

function permissionWords(notifier: Notifier): string {
  if (notifier.kind === 'desktop') return 'Lanline shows them as your system’s notifications.';
  switch (notifier.permission()) {
    case 'granted':
      return 'This browser shows them.';
    case 'denied':
      return 'This browser blocks them for this page; allow notifications in the site settings (the icon left of the address).';
    case 'default':
      return 'This browser will ask once before showing any.';
    case 'unsupported':
      return 'This browser cannot show notifications.';
  }
}

export function NotificationSettings(props: { notifier: Notifier }) {
  const { notifier } = props;
  const [preferences, update] = usePreferences();
  const [, rerender] = useState(0);
  const canAsk = notifier.kind === 'browser' && notifier.permission() === 'default';
  return (
    <SettingsSection
      id="notifications"
      title="Notifications"
      description="Shown while Lanline is in the background or another conversation is open."
    >
      <SettingsRow label="Notify me about" hint={permissionWords(notifier)}>
        <div className="radio-list" role="radiogroup" aria-label="Notify me about">
          {levels.map((level) => (
            <label key={level.value} className="radio-row">
              <input
                type="radio"
                name="notify-level"
                data-testid={`notify-${level.value}`}
                checked={preferences.notifications === level.value}
                onChange={() => update({ notifications: level.value })}
              />
              {level.label}
            </label>
          ))}
        </div>
        {canAsk && preferences.notifications !== 'off' && (
          <button
            type="button"
            className="button secondary"
            onClick={() => void notifier.requestPermission().then(() => rerender((n) => n + 1))}
          >
            Allow notifications in this browser
          </button>
        )}
      </SettingsRow>
      <SettingsRow label="Show message text" hint="Off keeps what people write off the screen for anyone passing by.">
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-label="Show message text in notifications"
          checked={preferences.notificationText}
          onChange={(event) => update({ notificationText: event.target.checked })}
        />
      </SettingsRow>
    </SettingsSection>
  );
}
