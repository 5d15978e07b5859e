import type { DesktopState } from '../desktop/use-desktop-shell';
import { SettingsRow, SettingsSection } from './SettingsSection';

/** What only the desktop app can do: start with the computer, and keep running in the tray. */
export function DesktopSettings(props: { desktop: DesktopState }) {
  const { startAtLogin, closeToTray } = props.desktop;
  return (
    <SettingsSection id="desktop" title="Desktop">
      <SettingsRow
        label="Start Lanline when I log in"
        hint={
          startAtLogin === null
            ? 'This system does not offer a way for apps to start at login.'
            : 'So colleagues can reach you from the moment your computer is on.'
        }
      >
        <input
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="start-at-login"
          aria-label="Start Lanline when I log in"
          disabled={startAtLogin == null}
          checked={startAtLogin === true}
          onChange={(event) => props.desktop.setStartAtLogin(event.target.checked)}
        />
      </SettingsRow>
      <p className="hint settings-note">
        {closeToTray
          ? 'This computer acts as a super peer, so closing the window keeps Lanline running in the tray for the others. Quit it from the tray menu.'
          : 'Closing the window quits Lanline. As a super peer (below), it keeps running in the tray instead.'}
      </p>
    </SettingsSection>
  );
}
