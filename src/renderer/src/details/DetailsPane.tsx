import { useId, type ReactNode } from 'react';
import type { Peer } from '../../../core/model';
import { formatRate } from '../app/human-units';
import { Icon, ICONS } from '../app/Icon';
import { momentLabel } from '../conversation/message-time';
import { SharedFiles } from '../files/SharedFiles';
import { useCopy } from '../invite/use-copy';
import { gradeOf, gradeWords, linkDescription, qualityTooltip, rttText } from '../network/link-quality-words';
import { SignalBars } from '../network/SignalBars';
import { Avatar } from '../people/Avatar';
import { displayNameOf } from '../people/peer-appearance';
import { RoleBadge } from '../people/RoleBadge';
import { roleWords } from '../people/role-words';

/** One titled block of the details pane. Later features (shared files, group members) add theirs to the list below. */
function DetailsSection(props: { title: string; testId: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="details-section" aria-labelledby={titleId} data-testid={props.testId}>
      <h3 id={titleId} className="section-heading">
        {props.title}
      </h3>
      {props.children}
    </section>
  );
}

function presenceLine(peer: Peer): string {
  if (peer.online) return peer.link === 'direct' ? 'Online, connected directly' : 'Online, connecting…';
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

function Connection(props: { peer: Peer }) {
  const { peer } = props;
  const quality = peer.quality;
  const rows: Array<[string, string]> = [['Status', linkDescription(peer)]];
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
          {`${gradeWords[gradeOf(quality)]} link`}
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
 * The right-hand pane beside a conversation: who they are, how well the link
 * to them works, what their computer does for the network, and ways to act
 * on the conversation. A dialog-like region: Esc or the close button hides it.
 */
export function DetailsPane(props: { peer: Peer; onClose: () => void; onSearch: () => void }) {
  const { peer } = props;
  const name = displayNameOf(peer);
  const titleId = useId();
  return (
    <aside className="details-pane" aria-labelledby={titleId} data-testid="details-pane">
      <header className="details-header">
        <h2 id={titleId}>Details</h2>
        <button
          type="button"
          className="icon-button"
          data-testid="details-close"
          aria-label="Close details"
          onClick={props.onClose}
        >
          <Icon path={ICONS.close} />
        </button>
      </header>
      <div className="details-scroll">
        <div className="details-profile">
          <Avatar peerId={peer.peerId} name={name} size="huge" />
          <p className="details-name">
            {name}
            <RoleBadge role={peer.role} />
          </p>
          <p className="details-presence" data-online={String(peer.online)}>
            <span className={`presence-dot ${peer.online ? 'online' : 'offline'}`} aria-hidden="true" />
            {presenceLine(peer)}
          </p>
          <div className="details-actions">
            <button type="button" className="button secondary" onClick={props.onSearch}>
              <Icon path={ICONS.search} size={16} />
              Search in conversation
            </button>
          </div>
        </div>
        <DetailsSection title="Connection" testId="details-connection">
          <Connection peer={peer} />
        </DetailsSection>
        <DetailsSection title="Files" testId="details-files">
          <SharedFiles conversation={peer.peerId} peerName={name} />
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
      </div>
    </aside>
  );
}
