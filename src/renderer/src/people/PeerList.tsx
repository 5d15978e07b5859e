import type { Peer } from '../../../core/model';
import { PeerItem } from './PeerItem';

export function PeerList(props: {
  peers: readonly Peer[];
  selectedId: string | undefined;
  unread: ReadonlyMap<string, number>;
  typing: ReadonlySet<string>;
  onSelect: (peerId: string) => void;
}) {
  return (
    <ul className="peer-list" data-testid="peer-list" aria-labelledby="people-heading">
      {props.peers.map((peer) => (
        <PeerItem
          key={peer.peerId}
          peer={peer}
          selected={peer.peerId === props.selectedId}
          unread={props.unread.get(peer.peerId) ?? 0}
          typing={props.typing.has(peer.peerId)}
          onSelect={props.onSelect}
        />
      ))}
    </ul>
  );
}
