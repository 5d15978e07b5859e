import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../core/errors';
import { DISPLAY_NAME_MAX, DisplayNameSchema, type Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Avatar } from '../people/Avatar';

/**
 * The first-run welcome: asks for the name colleagues will see. A modal
 * <dialog> gives focus trapping and Escape for free; closing it without
 * saving is always allowed (the name can be set in Settings later).
 */
export function NameDialog(props: { peerId: string; onSaved: (status: Status) => void; onClose: () => void }) {
  const { api } = useBackend();
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const errorId = useId();
  const hintId = useId();

  // No close() on cleanup: its close event would read as a dismissal (and StrictMode runs
  // effects twice); a modal dialog leaves the top layer by itself when it is unmounted.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = DisplayNameSchema.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'That name cannot be used.');
    setSaving(true);
    setError(undefined);
    try {
      props.onSaved(await api.call('profile.setName', { name: parsed.data }));
    } catch (caught) {
      setError(describeError(caught));
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="name-dialog welcome"
      aria-labelledby={titleId}
      data-testid="name-dialog"
      onClose={props.onClose}
    >
      <form onSubmit={save}>
        <div className="welcome-preview" aria-hidden="true">
          <Avatar peerId={props.peerId} name={name.trim() || '?'} size="huge" />
        </div>
        <h2 id={titleId}>Welcome to Lanline</h2>
        <p className="dialog-text" id={hintId}>
          Talk to the people on your network, with no account and no server. First, what should colleagues call you?
        </p>
        <input
          type="text"
          data-testid="name-input"
          aria-label="Display name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          placeholder="e.g. Ada Lovelace"
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX}
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
          disabled={saving}
        />
        {error && (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        )}
        <p className="hint">You can change it later in Settings. Nothing leaves your network.</p>
        <div className="dialog-actions">
          <button type="button" className="button subtle" onClick={() => dialog.current?.close()}>
            Not now
          </button>
          <button type="submit" className="button primary" data-testid="name-save" disabled={saving || !name.trim()}>
            {saving ? 'Saving…' : 'Continue'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
