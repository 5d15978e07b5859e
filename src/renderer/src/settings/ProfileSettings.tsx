import { useId, useState, type CSSProperties, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX, DisplayNameSchema, type Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { AVATAR_HUES, usePreferences } from '../app/preferences';
import { useSubmission } from '../app/use-submission';
import { Avatar } from '../people/Avatar';
import { hueOf } from '../people/peer-appearance';
import { ProfilePicture } from './ProfilePicture';
import { SettingsRow, SettingsSection } from './SettingsSection';

/** The name and picture colleagues see (kept by the backend) and the colour behind one's initials (kept here). */
export function ProfileSettings(props: { status: Status; onSaved: (status: Status) => void }) {
  const { status } = props;
  const { api, state } = useBackend();
  const [preferences, update] = usePreferences();
  const [name, setName] = useState(status.name);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useSubmission();
  const nameId = useId();
  const errorId = useId();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = DisplayNameSchema.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'That name cannot be used.');
    await run(async () => {
      props.onSaved(await api.call('profile.setName', { name: parsed.data }));
      setSaved(true);
    });
  };

  const hues: Array<{ hue: number | null; label: string }> = [
    { hue: null, label: 'From your id' },
    ...AVATAR_HUES.map((hue) => ({ hue, label: `Colour ${hue}°` })),
  ];

  return (
    <SettingsSection id="profile" title="Profile" description="How colleagues see you.">
      <form className="settings-row" onSubmit={save}>
        <div className="settings-row-text">
          <label className="settings-label" htmlFor={nameId}>
            Display name
          </label>
          <p className="hint">Shown next to your messages on everyone’s screen.</p>
        </div>
        <div className="settings-control settings-inline">
          <input
            id={nameId}
            type="text"
            data-testid="settings-name"
            maxLength={DISPLAY_NAME_MAX}
            autoComplete="name"
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setSaved(false);
            }}
          />
          <button
            type="submit"
            className="button primary"
            data-testid="settings-name-save"
            disabled={busy || state !== 'open' || name.trim() === status.name}
          >
            {busy ? 'Saving…' : saved ? 'Saved' : 'Save'}
          </button>
        </div>
        {error && (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
      <ProfilePicture status={status} />
      <SettingsRow
        label="Avatar colour"
        hint="Your initials on this colour where no picture shows, in this window only. Others see the colour of your id."
      >
        <div className="avatar-picker" role="radiogroup" aria-label="Avatar colour">
          <Avatar peerId={status.peerId} name={status.name} size="large" hue={preferences.avatarHue} avatar={null} />
          {hues.map(({ hue, label }) => {
            const shown = hue ?? hueOf(status.peerId);
            return (
              <button
                key={label}
                type="button"
                role="radio"
                aria-checked={preferences.avatarHue === hue}
                aria-label={label}
                className="swatch"
                data-default={hue === null ? 'true' : undefined}
                style={{ '--avatar-hue': shown } as CSSProperties}
                onClick={() => update({ avatarHue: hue })}
              />
            );
          })}
        </div>
      </SettingsRow>
    </SettingsSection>
  );
}
