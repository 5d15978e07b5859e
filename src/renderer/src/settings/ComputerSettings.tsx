import { useState } from 'react';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { useSubmission } from '../app/use-submission';
import { roleWords } from '../people/role-words';
import { ThisComputerDialog } from '../profile/ThisComputerDialog';
import { SettingsRow, SettingsSection } from './SettingsSection';

/** Super-peer mode: keep this computer relaying and holding messages for others. */
export function ComputerSettings(props: { status: Status; onChanged: (status: Status) => void }) {
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
      {showing && <ThisComputerDialog status={status} onChanged={props.onChanged} onClose={() => setShowing(false)} />}
    </SettingsSection>
  );
}
