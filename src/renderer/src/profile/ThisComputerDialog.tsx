import { useId, useState, type ChangeEvent } from 'react';
import { describeError } from '../../../core/errors';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Modal } from '../app/Modal';
import { roleWords } from '../people/role-words';
import { capabilityRows } from './capability-words';

/**
 * What this computer offers the network and the role that follows from it.
 * The one setting: keep acting as a super peer whatever the measurements say,
 * for the machine under a desk that is always on.
 */
export function ThisComputerDialog(props: { status: Status; onChanged: (status: Status) => void; onClose: () => void }) {
  const { status } = props;
  const { api, state } = useBackend();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const titleId = useId();
  const switchHintId = useId();
  const pinnedSuper = status.rolePinned && status.role === 'super';

  const pin = async (event: ChangeEvent<HTMLInputElement>) => {
    const checked = event.target.checked;
    setSaving(true);
    setError(undefined);
    try {
      props.onChanged(await api.call('profile.setRole', { role: checked ? 'super' : null }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal labelledBy={titleId} className="computer-dialog" testId="computer-dialog" onClose={props.onClose}>
      <h2 id={titleId}>This computer</h2>
      <p className="dialog-text">
        <span className="computer-role" data-testid="computer-role">
          {roleWords[status.role].name}
        </span>
        {status.rolePinned ? ', set by you.' : ', measured from what this computer can offer.'}
      </p>
      <dl className="capability-list" data-testid="capabilities">
        {capabilityRows(status.capabilities).map((row) => (
          <div key={row.label} className="capability-row">
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="role-pin-super"
          aria-describedby={switchHintId}
          checked={pinnedSuper}
          disabled={saving || state !== 'open'}
          onChange={(event) => void pin(event)}
        />
        <span>Always act as a super peer</span>
      </label>
      <p id={switchHintId} className="hint">
        {status.rolePinned && status.role !== 'super'
          ? `The role is pinned to ${roleWords[status.role].name.toLowerCase()}; switching this on pins super peer instead.`
          : 'For a computer that stays on: it then relays for others even when its measurements would not make it a super peer.'}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
