import { shortPeerId } from '../../../core/identity';
import type { Message, Peer } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { momentLabel } from '../conversation/message-time';
import { plainPreview } from '../conversation/rich-text';
import { LinkQualityIndicator } from '../network/LinkQualityIndicator';
import { linkDescription } from '../network/link-quality-words';
import type { PeerPath } from '../network/path-words';
import { Avatar } from './Avatar';
import { displayNameOf } from './peer-appearance';
import { RoleBadge } from './RoleBadge';
import { roleWords } from './role-words';
import { previewText } from '../files/file-words';
import { ConversationBadges } from './ConversationBadges';

const PREVIEW_CHARS = 80;

/**
 * One person in the sidebar. With `last` it is a conversation: the second
 * line previews the newest message and the time sits top right; without, it
 * shows the person's role and link quality.
 */
export function PeerItem(props: {
  peer: Peer;
  selected: boolean;
  unread: number;
  /** An unread message mentions me. */
  mentioned: boolean;
  /** They are typing to us; shown in place of the second line. */
  typing: boolean;
  last?: Message;
  /** How messages to them travel; a relayed path is marked beside the name. */
  path: PeerPath;
  /** Messages from them held back until earlier ones arrive. */
  waiting: number;
  onSelect: (peerId: string) => void;
}) {
  const { peer, selected, unread, typing, last, mentioned, path, waiting } = props;
  const name = displayNameOf(peer);
  const presence = peer.online ? 'online' : 'offline';
  const preview = last
    ? `${last.outgoing ? 'You: ' : ''}${last.deleted ? 'message deleted' : plainPreview(previewText(last), PREVIEW_CHARS)}`
    : undefined;
  const label = [
    name,
    path.kind === 'relayed'
      ? `${linkDescription(peer, { figures: false })}, ${path.short}`
      : linkDescription(peer, { figures: false }),
    peer.role !== 'basic' ? roleWords[peer.role].name.toLowerCase() : '',
    unread ? `${unread} unread` : '',
    mentioned ? 'mentions you' : '',
    waiting ? `${waiting} waiting for earlier messages` : '',
    typing ? 'typing' : '',
    preview ? `last message: ${preview}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li>
      <button
        type="button"
        className={`peer-item${last ? ' has-conversation' : ''}${unread ? ' has-unread' : ''}`}
        data-testid="peer"
        data-peer-id={peer.peerId}
        data-online={String(peer.online)}
        data-path={path.kind}
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
          <span className="peer-line">
            <span className="peer-name">{name}</span>
            {path.kind === 'relayed' && (
              <span className="path-mark" data-testid="path-relayed" title={path.short} aria-hidden="true">
                <Icon path={ICONS.relay} size={13} />
              </span>
            )}
            {last && (
              <time className="peer-time" dateTime={new Date(last.sentAt).toISOString()}>
                {momentLabel(last.sentAt)}
              </time>
            )}
          </span>
          <span className="peer-line">
            {typing ? (
              <span className="peer-meta peer-typing" data-testid="peer-typing">
                typing…
              </span>
            ) : preview !== undefined ? (
              <span className="peer-meta peer-preview" data-testid="peer-preview">
                {preview}
              </span>
            ) : (
              (peer.role !== 'basic' || peer.link) && (
                <span className="peer-meta">
                  <RoleBadge role={peer.role} />
                  <LinkQualityIndicator peer={peer} />
                </span>
              )
            )}
            <ConversationBadges waiting={waiting} mentioned={mentioned} unread={unread} />
          </span>
        </span>
      </button>
    </li>
  );
}
