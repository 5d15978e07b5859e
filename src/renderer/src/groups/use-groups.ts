import { useCallback, useEffect, useState } from 'react';
import type { Group } from '../../../core/model';
import { useBackend } from '../app/backend-context';

export interface GroupsView {
  /** Every group this node has been in, by id, including ones it has left. */
  groups: ReadonlyMap<string, Group>;
  loaded: boolean;
  /** Takes a group a call just returned (create, join, rename…) without waiting for its event. */
  remember(group: Group): void;
}

/** `groups.list` on every connect, kept current by `group.changed`. */
export function useGroups(): GroupsView {
  const { api, state, epoch } = useBackend();
  const [groups, setGroups] = useState<ReadonlyMap<string, Group>>(new Map());
  const [loaded, setLoaded] = useState(false);

  const remember = useCallback((group: Group) => setGroups((map) => new Map(map).set(group.id, group)), []);

  useEffect(() => api.on('group.changed', remember), [api, remember]);

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('groups.list', {}).then(
      (list) => {
        if (!current) return;
        setGroups(new Map(list.map((group) => [group.id, group])));
        setLoaded(true);
      },
      () => {}, // the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch]);

  return { groups, loaded, remember };
}
