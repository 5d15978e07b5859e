import { useState } from 'react';
import type { Status } from '../../../core/model';
import type { RelayStatus, SuperPeerInfo } from '../../../core/super-peer-info';
import { useBackend } from '../app/backend-context';
import { useSubmission } from '../app/use-submission';
import { SuperPeerList } from '../network/SuperPeerList';
import { relaySummary } from '../network/super-peer-words';
import type { NameOf } from '../people/name-book';
import { roleWords } from '../people/role-words';
import { ThisComputerDialog } from '../profile/ThisComputerDialog';
import { SettingsRow, SettingsSection } from './SettingsSection';

/**
 * Super-peer mode (keep this computer relaying and holding messages for
 * others), the super peers it uses itself, and on a super peer what its
 * relay is doing.
 */
export function ComputerSettings(props: {
  status: Status;
  superPeers: readonly SuperPeerInfo[];
  relay: RelayStatus | null | undefined;
  nameOf: NameOf;
  onChanged: (status: Status) => void;
}) {
  const { status } = props;
  const { api, state } = useBackend();
  const { busy, error, run } = useSubmission();
  const [showing, setShowing] = useState(false);
  const pinnedSuper = status.rolePinned && status.role === 'super';
  return (
    <SettingsSection
      id="computer"
      title="This computer"
      description={`${roleWords[status.role].name}${status.rolePinned ? ', set by you.' : ', measured from what this computer can offer.'}`}
    >
      <SettingsRow
        label="Act as a super peer"
        hint="For a computer that stays on: it relays for others and keeps messages for colleagues who are away."
      >
        <input
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="settings-super-peer"
          aria-label="Act as a super peer"
          checked={pinnedSuper}
          disabled={busy || state !== 'open'}
          onChange={(event) => {
            const checked = event.target.checked;
            void run(async () => props.onChanged(await api.call('profile.setRole', { role: checked ? 'super' : null })));
          }}
        />
      </SettingsRow>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button secondary" data-testid="computer-open" onClick={() => setShowing(true)}>
        What this computer can offer…
      </button>
      {props.relay && (
        <p className="relay-summary" data-testid="relay-summary">
          {relaySummary(props.relay)}
        </p>
      )}
      <h3 className="settings-subtitle">Super peers this computer uses</h3>
      <SuperPeerList
        superPeers={props.superPeers}
        nameOf={props.nameOf}
        empty={
          <p className="hint">
            {props.relay !== null && props.relay !== undefined
              ? 'This computer is a super peer itself, so it relays for others rather than through another.'
              : 'None found. People on this network reach you directly; to reach colleagues on other subnets, or to keep messages for people who are away, run Lanline with “act as a super peer” on a computer that stays on (or lanline node --super).'}
          </p>
        }
      />
      {showing && <ThisComputerDialog status={status} onChanged={props.onChanged} onClose={() => setShowing(false)} />}
    </SettingsSection>
  );
}
