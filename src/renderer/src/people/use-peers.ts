import { useCallback, useEffect, useState } from 'react';
import type { Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { sortPeers } from './peer-order';

export interface PeersView {
  peers: Peer[];
  /** Whether the first list has arrived, so "nobody here yet" is not shown while loading. */
  loaded: boolean;
  /** Adds or refreshes one peer, e.g. the answer of `peers.add` before `peers.changed` arrives. */
  remember(peer: Peer): void;
}

export function usePeers(): PeersView {
  const { api, state, epoch } = useBackend();
  const [peers, setPeers] = useState<Peer[]>([]);
  const [loaded, setLoaded] = useState(false);

  const replace = useCallback((list: Peer[]) => {
    setPeers(sortPeers(list));
    setLoaded(true);
  }, []);

  useEffect(() => api.on('peers.changed', replace), [api, replace]);

  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('peers.list', {}).then(
      (list) => current && replace(list),
      () => {}, // the connection dropped; the next epoch refetches
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, replace]);

  const remember = useCallback(
    (peer: Peer) => setPeers((list) => sortPeers([...list.filter((p) => p.peerId !== peer.peerId), peer])),
    [],
  );

  return { peers, loaded, remember };
}
