import { shortPeerId } from '../../../core/identity';
import type { Peer } from '../../../core/model';
import { Avatar } from '../people/Avatar';
import { displayNameOf } from '../people/peer-appearance';
import { RoleBadge } from '../people/RoleBadge';

function presenceText(peer: Peer): string {
  if (!peer.online) return 'offline — messages will wait until they are back';
  if (peer.link === 'relayed') return 'online · through a super peer (end-to-end encrypted)';
  return peer.link === 'direct' ? 'online · direct' : 'online · connecting…';
}

export function ConversationHeader(props: { peer: Peer }) {
  const { peer } = props;
  const name = displayNameOf(peer);
  return (
    <header className="conversation-header">
      <Avatar peerId={peer.peerId} name={name} size="large" />
      <div className="conversation-title">
        <h1 title={shortPeerId(peer.peerId)}>
          {name}
          <RoleBadge role={peer.role} />
        </h1>
        <p className="conversation-presence" data-online={String(peer.online)}>
          <span className={`presence-dot ${peer.online ? 'online' : 'offline'}`} aria-hidden="true" />
          {presenceText(peer)}
        </p>
      </div>
    </header>
  );
}
