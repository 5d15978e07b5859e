import { useId, useState, type FormEvent } from 'react';
import { GROUP_NAME_MAX, type Group, type Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Modal } from '../app/Modal';
import { useSubmission } from '../app/use-submission';
import { PeoplePicker } from './PeoplePicker';

/** A name and the people to start with; anyone else can join later by invite code. */
export function NewGroupDialog(props: { peers: readonly Peer[]; onCreated: (group: Group) => void; onClose: () => void }) {
  const { api, state } = useBackend();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, run } = useSubmission();
  const titleId = useId();
  const nameId = useId();
  const errorId = useId();

  const toggle = (peerId: string) =>
    setChosen((set) => {
      const next = new Set(set);
      if (!next.delete(peerId)) next.add(peerId);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      // In the order the list shows them, which is the order they will be listed in the group.
      const members = props.peers.filter((peer) => chosen.has(peer.peerId)).map((peer) => peer.peerId);
      props.onCreated(await api.call('groups.create', { name: name.trim(), members }));
    });
  };

  return (
    <Modal labelledBy={titleId} className="group-dialog" testId="new-group-dialog" onClose={props.onClose}>
      <h2 id={titleId}>New group</h2>
      <p className="dialog-text">
        A conversation for several people. Its messages are end-to-end encrypted for its members; anyone in it can add people, and
        you can invite more with a code later.
      </p>
      <form className="group-form" onSubmit={submit} aria-busy={busy}>
        <label className="field-label" htmlFor={nameId}>
          Name
        </label>
        <input
          id={nameId}
          type="text"
          data-testid="group-name-input"
          autoFocus
          autoComplete="off"
          maxLength={GROUP_NAME_MAX}
          placeholder="e.g. Design team"
          aria-describedby={error ? errorId : undefined}
          value={name}
          disabled={busy}
          onChange={(event) => setName(event.target.value)}
        />
        <span className="field-label">People</span>
        <PeoplePicker peers={props.peers} chosen={chosen} onToggle={toggle} label="Members" disabled={busy} />
        {error && (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="group-create"
            disabled={busy || name.trim() === '' || state !== 'open'}
          >
            {busy ? 'Creating…' : chosen.size === 0 ? 'Create with just you' : `Create with ${chosen.size + 1} people`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
