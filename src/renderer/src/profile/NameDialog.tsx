import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../core/errors';
import { DISPLAY_NAME_MAX, DisplayNameSchema, type Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { DEFAULT_DISPLAY_NAME } from '../../../core/model';

/**
 * Asks for the name colleagues will see. A modal <dialog> gives focus
 * trapping and Escape for free; closing it without saving is always allowed.
 */
export function NameDialog(props: {
  firstRun: boolean;
  currentName: string;
  onSaved: (status: Status) => void;
  onClose: () => void;
}) {
  const { api } = useBackend();
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(props.firstRun || props.currentName === DEFAULT_DISPLAY_NAME ? '' : props.currentName);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const errorId = useId();

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
    <dialog ref={dialog} className="name-dialog" aria-labelledby={titleId} onClose={props.onClose}>
      <form onSubmit={save}>
        <h2 id={titleId}>{props.firstRun ? 'Welcome to Lanline' : 'Your display name'}</h2>
        <p className="dialog-text">
          {props.firstRun
            ? 'Choose the name your colleagues will see next to your messages. You can change it later.'
            : 'This is the name your colleagues see.'}
        </p>
        <input
          type="text"
          data-testid="name-input"
          aria-label="Display name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
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
        <div className="dialog-actions">
          <button
            type="button"
            className="button subtle"
            aria-label={props.firstRun ? 'Not now' : 'Cancel'}
            onClick={() => dialog.current?.close()}
          >
            {props.firstRun ? 'Not now' : 'Cancel'}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="name-save"
            aria-label="Save display name"
            disabled={saving || !name.trim()}
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
