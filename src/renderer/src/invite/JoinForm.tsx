import { useId, useState, type FormEvent } from 'react';
import type { Group, Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { useSubmission } from '../app/use-submission';
import { isGroupInvite } from './invite-kind';

/** The contract's lower bound; anything shorter cannot be a code. */
const MIN_CODE_LENGTH = 8;

/**
 * Joins whoever made an invite code: a person (`LL1-`, `invites.join`) or a
 * group (`LL2-`, `groups.join`, which resolves once the inviter has added
 * us). The backend checks the code and says what is wrong with it.
 */
export function JoinForm(props: { initialCode?: string; onJoined: (peer: Peer) => void; onJoinedGroup: (group: Group) => void }) {
  const { api, state } = useBackend();
  const [code, setCode] = useState(props.initialCode ?? '');
  const { busy, error, setError, run } = useSubmission();
  const errorId = useId();
  const hintId = useId();
  const group = isGroupInvite(code);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed.length < MIN_CODE_LENGTH)
      return setError('That is too short for an invite code; codes start with LL1- (a person) or LL2- (a group).');
    await run(async () => {
      if (isGroupInvite(trimmed)) props.onJoinedGroup(await api.call('groups.join', { code: trimmed }));
      else props.onJoined(await api.call('invites.join', { code: trimmed }));
    });
  };

  return (
    <form className="join-form" onSubmit={submit} aria-label="Join with an invite code" aria-busy={busy}>
      <div className="add-peer-row">
        <input
          type="text"
          className="join-code-input"
          data-testid="join-code-input"
          autoComplete="off"
          spellCheck={false}
          autoFocus={Boolean(props.initialCode)}
          placeholder="LL1-… or LL2-…"
          aria-label="Invite code"
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          disabled={busy}
        />
        <button
          type="submit"
          className="button primary"
          data-testid="join-submit"
          aria-label={group ? 'Join the group with this code' : 'Join with this code'}
          disabled={busy || !code.trim() || state !== 'open'}
        >
          {busy ? 'Joining…' : group ? 'Join group' : 'Join'}
        </button>
      </div>
      <p id={hintId} className="hint" role={busy ? 'status' : undefined}>
        {busy && group
          ? 'Asking the person who made the code to add you; this takes a moment while their computer connects.'
          : 'Paste the code someone gave you (LL1- for a person, LL2- for a group), or the whole lanline://join link.'}
      </p>
      {error && (
        <p id={errorId} className="form-error" role="alert" data-testid="join-error">
          {error}
        </p>
      )}
    </form>
  );
}
