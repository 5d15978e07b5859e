import { useEffect, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { Invite } from '../../../core/model';
import { useBackend } from '../app/backend-context';

export type InviteState = { kind: 'loading' } | { kind: 'ready'; invite: Invite } | { kind: 'failed'; error: string };

/**
 * Asks the backend for a fresh invite while the dialog is open, again after a
 * reconnect: to this person (`invites.create`), or with `group` to that group
 * (`groups.invite`).
 */
export function useInvite(group?: string): InviteState {
  const { api, state, epoch } = useBackend();
  const [invite, setInvite] = useState<InviteState>({ kind: 'loading' });

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    const made = group === undefined ? api.call('invites.create', {}) : api.call('groups.invite', { group });
    made.then(
      (fresh) => current && setInvite({ kind: 'ready', invite: fresh }),
      (error: unknown) => current && setInvite({ kind: 'failed', error: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, group]);

  return invite;
}
