import { shortPeerId } from '../../../core/identity';
import type { Peer } from '../../../core/model';
import { LinkQualityIndicator } from '../network/LinkQualityIndicator';
import { linkDescription } from '../network/link-quality-words';
import { Avatar } from './Avatar';
import { displayNameOf } from './peer-appearance';
import { RoleBadge } from './RoleBadge';
import { roleWords } from './role-words';

export function PeerItem(props: {
  peer: Peer;
  selected: boolean;
  unread: number;
  /** They are typing to us; shown in place of the second line. */
  typing: boolean;
  onSelect: (peerId: string) => void;
}) {
  const { peer, selected, unread, typing } = props;
  const name = displayNameOf(peer);
  const presence = peer.online ? 'online' : 'offline';
  const label = [
    name,
    linkDescription(peer, { figures: false }),
    peer.role !== 'basic' ? roleWords[peer.role].name.toLowerCase() : '',
    unread ? `${unread} unread` : '',
    typing ? 'typing' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li>
      <button
        type="button"
        className="peer-item"
        data-testid="peer"
        data-peer-id={peer.peerId}
        data-online={String(peer.online)}
        aria-current={selected ? 'true' : undefined}
        aria-label={label}
        title={`${name} · ${shortPeerId(peer.peerId)}`}
        onClick={() => props.onSelect(peer.peerId)}
      >
        <span className="avatar-with-presence">
          <Avatar peerId={peer.peerId} name={name} />
          <span className={`presence-dot ${presence}`} />
        </span>
        <span className="peer-text">
          <span className="peer-name">{name}</span>
          {typing ? (
            <span className="peer-meta peer-typing" data-testid="peer-typing">
              typing…
            </span>
          ) : (
            (peer.role !== 'basic' || peer.link) && (
              <span className="peer-meta">
                <RoleBadge role={peer.role} />
                <LinkQualityIndicator peer={peer} />
              </span>
            )
          )}
        </span>
        {unread > 0 && (
          <span className="unread-badge" data-testid="unread-badge" data-count={unread}>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </li>
  );
}
