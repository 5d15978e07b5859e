import { useState, type FormEvent } from 'react';
import { GROUP_NAME_MAX, type Group } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { useSubmission } from '../app/use-submission';

/** The group's name as an input, in place; Enter renames it for everyone, Esc leaves it. */
export function RenameGroupForm(props: { group: Group; onRenamed: (group: Group) => void; onCancel: () => void }) {
  const { group } = props;
  const { api, state } = useBackend();
  const [name, setName] = useState(group.name);
  const { busy, error, run } = useSubmission();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === group.name) return props.onCancel();
    void run(async () => props.onRenamed(await api.call('groups.rename', { group: group.id, name: trimmed })));
  };

  return (
    <form
      className="rename-form"
      onSubmit={submit}
      aria-label="Rename the group"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        props.onCancel();
      }}
    >
      <input
        type="text"
        data-testid="group-rename-input"
        aria-label="New name for the group"
        autoFocus
        maxLength={GROUP_NAME_MAX}
        value={name}
        disabled={busy}
        onChange={(event) => setName(event.target.value)}
      />
      <div className="rename-actions">
        <button type="button" className="button subtle small" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="submit"
          className="button primary small"
          data-testid="group-rename-save"
          disabled={busy || name.trim() === '' || state !== 'open'}
        >
          {busy ? 'Renaming…' : 'Rename'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
