import { useId } from 'react';
import { usePreferences, type ThemePreference } from '../app/preferences';
import { SettingsRow, SettingsSection } from './SettingsSection';

const themes: Array<{ value: ThemePreference; label: string }> = [
  { value: 'system', label: 'Like the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function AppearanceSettings() {
  const [preferences, update] = usePreferences();
  const sizeId = useId();
  return (
    <SettingsSection id="appearance" title="Appearance">
      <SettingsRow label="Theme" hint="“Like the system” follows your computer’s light or dark setting as it changes.">
        <div className="segmented" role="radiogroup" aria-label="Theme" data-testid="theme-choice">
          {themes.map((theme) => (
            <label key={theme.value} className="segment">
              <input
                type="radio"
                name="theme"
                value={theme.value}
                data-testid={`theme-${theme.value}`}
                checked={preferences.theme === theme.value}
                onChange={() => update({ theme: theme.value })}
              />
              <span>{theme.label}</span>
            </label>
          ))}
        </div>
      </SettingsRow>
      <SettingsRow label="Message text size" htmlFor={sizeId} hint="The rest of the app follows the zoom (Ctrl + and Ctrl −).">
        <div className="settings-inline">
          <input
            id={sizeId}
            type="range"
            min={12}
            max={20}
            step={1}
            value={preferences.textSize}
            aria-valuetext={`${preferences.textSize} pixels`}
            onChange={(event) => update({ textSize: Number(event.target.value) })}
          />
          <output htmlFor={sizeId} className="range-value">
            {preferences.textSize} px
          </output>
        </div>
      </SettingsRow>
    </SettingsSection>
  );
}
