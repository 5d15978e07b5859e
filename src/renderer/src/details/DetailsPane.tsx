import type { Peer } from '../../../core/model';
import { formatRate } from '../app/human-units';
import { Icon, ICONS } from '../app/Icon';
import { momentLabel } from '../conversation/message-time';
import { SharedFiles } from '../files/SharedFiles';
import { useCopy } from '../invite/use-copy';
import { gradeOf, gradeWords, linkDescription, qualityTooltip, rttText } from '../network/link-quality-words';
import type { PeerPath } from '../network/path-words';
import { SignalBars } from '../network/SignalBars';
import { Avatar } from '../people/Avatar';
import { displayNameOf } from '../people/peer-appearance';
import { RoleBadge } from '../people/RoleBadge';
import { roleWords } from '../people/role-words';
import { DetailsFrame, DetailsSection } from './DetailsFrame';

function presenceLine(peer: Peer, path: PeerPath): string {
  if (peer.online) {
    if (path.kind === 'direct') return 'Online, connected directly';
    if (path.kind === 'relayed') return `Online, ${path.short}`;
    return 'Online, connecting…';
  }
  return peer.lastSeenAt ? `Offline, last seen ${momentLabel(peer.lastSeenAt)}` : 'Offline';
}

function Identity(props: { peerId: string }) {
  const { state, copy } = useCopy();
  return (
    <div className="details-identity">
      <code className="peer-id" data-testid="details-peer-id">
        {props.peerId}
      </code>
      <button
        type="button"
        className="button secondary small"
        aria-label="Copy their peer id"
        onClick={() => void copy(props.peerId)}
      >
        <Icon path={state === 'copied' ? ICONS.tick : ICONS.copy} size={14} />
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/** How messages to them travel, in words: the path, and which super peer carries it. */
function pathFact(path: PeerPath): string {
  switch (path.kind) {
    case 'direct':
      return 'Straight between your two computers';
    case 'relayed':
      return `Through ${path.via ?? 'a super peer'}, end-to-end encrypted: it sees only sealed bytes`;
    case 'mailbox':
      return `Waiting, sealed, on ${path.via ?? 'a super peer'} until they are back`;
    case 'offline':
      return 'Waiting on this computer until they are back';
    case 'connecting':
      return 'Connecting…';
  }
}

function Connection(props: { peer: Peer; path: PeerPath }) {
  const { peer } = props;
  const quality = peer.quality;
  const rows: Array<[string, string]> = [
    ['Status', linkDescription(peer)],
    ['Messages go', pathFact(props.path)],
  ];
  if (quality) {
    rows.push(['Round trip', rttText(quality) ?? 'measuring…']);
    rows.push(['Loss', quality.lossPercent === null ? 'unknown' : `${Math.round(quality.lossPercent)} %`]);
    rows.push(['Sending', formatRate(quality.outBytesPerSecond)]);
    rows.push(['Receiving', formatRate(quality.inBytesPerSecond)]);
  }
  if (peer.addresses.length) rows.push(['Seen at', peer.addresses.join(', ')]);
  return (
    <>
      {peer.link && (
        <p className="details-quality" title={quality ? qualityTooltip(quality) : undefined} data-testid="details-quality">
          <SignalBars grade={gradeOf(quality)} />
          {gradeOf(quality) === 'unknown' ? 'Link not measured yet' : `${gradeWords[gradeOf(quality)]} link`}
        </p>
      )}
      <dl className="details-facts">
        {rows.map(([label, value]) => (
          <div key={label} className="details-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/**
 * The details of a one-to-one conversation: who they are, how messages to
 * them travel and how well the link works, what their computer does for the
 * network, and ways to act on the conversation.
 */
export function DetailsPane(props: { peer: Peer; path: PeerPath; onClose: () => void; onSearch: () => void }) {
  const { peer, path } = props;
  const name = displayNameOf(peer);
  return (
    <DetailsFrame onClose={props.onClose}>
      <div className="details-profile">
        <Avatar peerId={peer.peerId} name={name} size="huge" />
        <p className="details-name">
          {name}
          <RoleBadge role={peer.role} />
        </p>
        <p className="details-presence" data-online={String(peer.online)}>
          <span className={`presence-dot ${peer.online ? 'online' : 'offline'}`} aria-hidden="true" />
          {presenceLine(peer, path)}
        </p>
        <div className="details-actions">
          <button type="button" className="button secondary" onClick={props.onSearch}>
            <Icon path={ICONS.search} size={16} />
            Search in conversation
          </button>
        </div>
      </div>
      <DetailsSection title="Connection" testId="details-connection">
        <Connection peer={peer} path={path} />
      </DetailsSection>
      <DetailsSection title="Files" testId="details-files">
        <SharedFiles conversation={peer.peerId} title={name} />
      </DetailsSection>
      <DetailsSection title="Role" testId="details-role">
        <p className="details-text">{roleWords[peer.role].tooltip}.</p>
      </DetailsSection>
      <DetailsSection title="Identity" testId="details-identity">
        <p className="details-text">
          Their peer id is their public key: messages that say they are from {name} are signed with it.
        </p>
        <Identity peerId={peer.peerId} />
      </DetailsSection>
    </DetailsFrame>
  );
}
