import { useId, useRef, useState, type DragEvent } from 'react';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { usePreferences } from '../app/preferences';
import { useSubmission } from '../app/use-submission';
import { toBase64 } from '../backend/base64';
import { Avatar } from '../people/Avatar';
import { encodeAvatar } from './avatar-encoder';
import { SettingsRow } from './SettingsSection';

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/** The picture colleagues see next to one's name: chosen or dropped here, cropped and shrunk here, published by the backend. */
export function ProfilePicture(props: { status: Status }) {
  const { status } = props;
  const { api, state } = useBackend();
  const [preferences] = usePreferences();
  const { busy, error, run } = useSubmission();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  const publish = (file: File | undefined) => {
    if (!file) return;
    void run(async () => {
      const bytes = await encodeAvatar(file);
      await api.call('profile.setAvatar', { data: toBase64(bytes) });
    });
  };
  const remove = () => void run(async () => void (await api.call('profile.setAvatar', { data: null })));

  return (
    <div
      className="profile-picture"
      data-drop={over ? 'true' : undefined}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(false);
        publish(event.dataTransfer.files[0]);
      }}
    >
      <SettingsRow
        label="Profile picture"
        testId="settings-avatar"
        hint="Colleagues see it next to your name. Choose or drop an image: it is cropped to a square and shrunk to 96×96 here, on this computer."
      >
        <div className="settings-inline">
          <Avatar peerId={status.peerId} name={status.name} size="huge" hue={preferences.avatarHue} avatar={status.avatar} />
          {/* The file input is only the picker; the visible control is a real button, focusable like any other. */}
          <input
            ref={input}
            className="visually-hidden"
            type="file"
            accept="image/*"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="settings-avatar-input"
            onChange={(event) => {
              publish(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          <button
            type="button"
            className="button"
            data-testid="settings-avatar-choose"
            disabled={busy || state !== 'open'}
            aria-describedby={error ? errorId : undefined}
            onClick={() => input.current?.click()}
          >
            {busy ? 'Saving…' : status.avatar ? 'Change…' : 'Choose…'}
          </button>
          {status.avatar && (
            <button
              type="button"
              className="button"
              data-testid="settings-avatar-remove"
              disabled={busy || state !== 'open'}
              onClick={remove}
            >
              Remove
            </button>
          )}
        </div>
        {error && (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        )}
      </SettingsRow>
    </div>
  );
}
