import { useId, useState } from 'react';
import type { Group, Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Modal } from '../app/Modal';
import { useSubmission } from '../app/use-submission';
import { PeoplePicker } from './PeoplePicker';

/**
 * Adds people to a group, one membership change each (that is how the group
 * records them); stops at the first refusal and says who did not get in.
 */
export function AddMembersDialog(props: {
  group: Group;
  peers: readonly Peer[];
  onChanged: (group: Group) => void;
  onClose: () => void;
}) {
  const { group } = props;
  const { api, state } = useBackend();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, run } = useSubmission();
  const titleId = useId();
  const members = new Set(group.members.map((member) => member.peerId));
  const candidates = props.peers.filter((peer) => !members.has(peer.peerId));

  const toggle = (peerId: string) =>
    setChosen((set) => {
      const next = new Set(set);
      if (!next.delete(peerId)) next.add(peerId);
      return next;
    });

  const add = () =>
    void run(async () => {
      for (const peer of candidates.filter((candidate) => chosen.has(candidate.peerId))) {
        props.onChanged(await api.call('groups.add', { group: group.id, peer: peer.peerId }));
      }
      props.onClose();
    });

  return (
    <Modal labelledBy={titleId} className="group-dialog" testId="add-members-dialog" onClose={props.onClose}>
      <h2 id={titleId}>Add people to {group.name}</h2>
      <p className="dialog-text">
        They see the group’s messages from now on, not what was said before they joined. For someone Lanline has not found, send
        an invite code instead.
      </p>
      <PeoplePicker peers={candidates} chosen={chosen} onToggle={toggle} label="People to add" disabled={busy} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={props.onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="add-members-confirm"
          disabled={busy || chosen.size === 0 || state !== 'open'}
          onClick={add}
        >
          {busy ? 'Adding…' : chosen.size > 1 ? `Add ${chosen.size} people` : 'Add'}
        </button>
      </div>
    </Modal>
  );
}
