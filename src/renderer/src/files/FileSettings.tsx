import { useEffect, useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../core/errors';
import type { Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { displayNameOf } from '../people/peer-appearance';
import { SettingsRow, SettingsSection } from '../settings/SettingsSection';

type Settings = { downloadsDir: string; autoAccept: string[]; replicate: boolean };

/**
 * Where received files land (a folder on the backend's machine, which is
 * this computer in the desktop app and in browser mode), whose files are
 * accepted without asking, and whether files you share are also kept on a
 * super peer while you are away.
 */
export function FileSettings(props: { peers: readonly Peer[] }) {
  const { api, state, epoch } = useBackend();
  const [settings, setSettings] = useState<Settings>();
  const [folder, setFolder] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  const folderId = useId();
  const errorId = useId();

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('files.settings', {}).then(
      (loaded) => {
        if (!current) return;
        setSettings(loaded);
        setFolder(loaded.downloadsDir);
      },
      (caught) => current && setError(describeError(caught)),
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch]);

  const saveFolder = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const { downloadsDir } = await api.call('files.setDownloadsDir', { path: folder.trim() });
      setSettings((s) => s && { ...s, downloadsDir });
      setFolder(downloadsDir);
      setSaved(true);
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const setAutoAccept = async (peer: string, on: boolean) => {
    setError(undefined);
    try {
      await api.call('files.setAutoAccept', { peer, on });
      setSettings((s) => s && { ...s, autoAccept: on ? [...s.autoAccept, peer] : s.autoAccept.filter((p) => p !== peer) });
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const setReplicate = async (on: boolean) => {
    try {
      await api.call('files.setReplicate', { on });
      setSettings((s) => s && { ...s, replicate: on });
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const people = props.peers.filter((p) => p.role !== 'super' && p.role !== 'infrastructure');
  return (
    <SettingsSection id="files" title="Files" description="Files people share with you, and files you share.">
      <form className="settings-row" onSubmit={(event) => void saveFolder(event)} data-testid="downloads-folder">
        <div className="settings-row-text">
          <label className="settings-label" htmlFor={folderId}>
            Downloads folder
          </label>
          <p className="hint">Received files land here, in a folder of their own when a folder was shared.</p>
        </div>
        <div className="settings-control downloads-control">
          <input
            id={folderId}
            type="text"
            value={folder}
            spellCheck={false}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setFolder(event.target.value);
              setSaved(false);
            }}
          />
          <button
            type="submit"
            className="button secondary small"
            disabled={!settings || folder.trim() === '' || folder.trim() === settings.downloadsDir}
          >
            {saved ? 'Saved' : 'Save'}
          </button>
        </div>
      </form>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <SettingsRow
        label="Keep a copy on a super peer"
        hint="Files you share stay available while your computer is off. The super peer holds them encrypted and cannot read them."
      >
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-label="Keep a copy of files I share on a super peer"
          data-testid="replicate-switch"
          disabled={!settings}
          checked={settings?.replicate ?? false}
          onChange={(event) => void setReplicate(event.target.checked)}
        />
      </SettingsRow>
      <div className="settings-row auto-accept">
        <div className="settings-row-text">
          <span className="settings-label">Accept files without asking from</span>
          <p className="hint">Their files start downloading as soon as they arrive.</p>
        </div>
        {people.length === 0 ? (
          <p className="hint">Nobody yet: people appear here once Lanline has met them.</p>
        ) : (
          <ul className="auto-accept-list" data-testid="auto-accept-list">
            {people.map((peer) => (
              <li key={peer.peerId}>
                <label className="switch-row">
                  <span>{displayNameOf(peer)}</span>
                  <input
                    type="checkbox"
                    role="switch"
                    className="switch"
                    aria-label={`Accept files from ${displayNameOf(peer)} without asking`}
                    disabled={!settings}
                    checked={settings?.autoAccept.includes(peer.peerId) ?? false}
                    onChange={(event) => void setAutoAccept(peer.peerId, event.target.checked)}
                  />
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </SettingsSection>
  );
}
