import type { Peer } from '../../../core/model';
import type { SuperPeerInfo } from '../../../core/super-peer-info';

/**
 * The way messages to a person travel right now: straight between the two
 * computers, through a super peer's relay, or, while they are away, waiting
 * in a super peer's mailbox (store-and-forward, issue 5 §2) or on this
 * computer until they are back.
 */
export type PathKind = 'direct' | 'relayed' | 'mailbox' | 'connecting' | 'offline';

export interface PeerPath {
  kind: PathKind;
  /** The super peer in the middle, by name, when there is one and it is known. */
  via: string | undefined;
  /** A few words for a list or a label: "relayed via Hub". */
  short: string;
  /** The line under a conversation's title: "online · relayed via Hub (end-to-end encrypted)". */
  line: string;
}

/**
 * The super peer a relayed link most likely runs through: one carrying our
 * circuits (the primary first), else the one we are reachable through. The
 * backend says a link is relayed, not by whom, so this is the honest guess;
 * with no candidate the words say "a super peer".
 */
export function relayOf(superPeers: readonly SuperPeerInfo[]): SuperPeerInfo | undefined {
  const carrying = superPeers.filter((superPeer) => superPeer.circuits > 0);
  return (
    carrying.find((superPeer) => superPeer.primary) ??
    carrying[0] ??
    superPeers.find((superPeer) => superPeer.primary && superPeer.state === 'connected')
  );
}

/**
 * `mailbox` names the super peer holding sealed messages for this person
 * while they are away, once the backend reports one (store-and-forward);
 * until then an offline person's messages wait in this computer's outbox.
 */
export function pathOf(
  peer: Peer,
  superPeers: readonly SuperPeerInfo[],
  nameOf: (peerId: string) => string,
  mailbox?: string,
): PeerPath {
  if (!peer.online) {
    if (mailbox !== undefined) {
      const via = nameOf(mailbox);
      return { kind: 'mailbox', via, short: `via mailbox on ${via}`, line: `offline · messages wait, sealed, on ${via}` };
    }
    return { kind: 'offline', via: undefined, short: 'offline', line: 'offline — messages will wait until they are back' };
  }
  if (peer.link === 'direct') return { kind: 'direct', via: undefined, short: 'direct', line: 'online · direct' };
  if (peer.link === 'relayed') {
    const relay = relayOf(superPeers);
    const via = relay ? nameOf(relay.peerId) : undefined;
    const short = via ? `relayed via ${via}` : 'relayed via a super peer';
    return { kind: 'relayed', via, short, line: `online · ${short} (end-to-end encrypted)` };
  }
  return { kind: 'connecting', via: undefined, short: 'connecting', line: 'online · connecting…' };
}
