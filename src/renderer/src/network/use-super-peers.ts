import { useEffect, useState } from 'react';
import type { RelayStatus, SuperPeerInfo } from '../../../core/super-peer-info';
import { useBackend } from '../app/backend-context';
import { usePageVisible } from '../app/use-page-visible';

/** The contract has no event for super-peer load and round trips, which change all the time; this often is enough to read them. */
export const SUPER_PEER_POLL_MS = 5000;

export interface SuperPeersView {
  /** The super peers this node knows, the one it uses marked `primary`; empty until the first answer. */
  superPeers: readonly SuperPeerInfo[];
  /** On a super peer, what its own relay is doing; null elsewhere, undefined until asked. */
  relay: RelayStatus | null | undefined;
}

/**
 * Reads `superPeers.list` (and, with `relay`, `relay.status`) now and every
 * few seconds while the window is visible and the backend is there. A failed
 * read keeps the last answer: the figures are a view, not a decision.
 */
export function useSuperPeers(options: { relay?: boolean } = {}): SuperPeersView {
  const { api, state, epoch } = useBackend();
  const visible = usePageVisible();
  const withRelay = options.relay ?? false;
  const [superPeers, setSuperPeers] = useState<readonly SuperPeerInfo[]>([]);
  const [relay, setRelay] = useState<RelayStatus | null>();

  useEffect(() => {
    if (state !== 'open' || !visible) return;
    let current = true;
    const read = () => {
      api.call('superPeers.list', {}).then(
        // An unchanged answer keeps the old array, so the window does not redraw every few seconds for nothing.
        (list) => current && setSuperPeers((known) => (JSON.stringify(known) === JSON.stringify(list) ? known : list)),
        () => {}, // see above: the last answer stands
      );
      if (withRelay)
        api.call('relay.status', {}).then(
          (status) => current && setRelay(status),
          () => {},
        );
    };
    read();
    const timer = setInterval(read, SUPER_PEER_POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, state, epoch, visible, withRelay]);

  return { superPeers, relay };
}
