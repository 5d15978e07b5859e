import { useId } from 'react';
import type { Peer } from '../../../core/model';
import type { SuperPeerInfo } from '../../../core/super-peer-info';
import { PaneHeader } from '../app/PaneHeader';
import type { NameOf } from '../people/name-book';
import { displayNameOf } from '../people/peer-appearance';
import { roleWords } from '../people/role-words';
import { linkDescription } from './link-quality-words';
import { NetworkMap } from './NetworkMap';
import { SuperPeerList } from './SuperPeerList';

function summaryOf(peers: readonly Peer[]): string {
  const linked = peers.filter((peer) => peer.online && peer.link).length;
  const offline = peers.filter((peer) => !peer.online).length;
  if (peers.length === 0) return 'Nobody known yet';
  return [`${linked} connected`, `${peers.length - linked - offline} online, not connected`, `${offline} offline`]
    .filter((part) => !part.startsWith('0 '))
    .join(' · ');
}

/** You in the middle, everyone you know around you, how well each link works, and the super peers in use. */
export function NetworkView(props: {
  peers: readonly Peer[];
  superPeers: readonly SuperPeerInfo[];
  nameOf: NameOf;
  onClose: () => void;
}) {
  const { peers } = props;
  const titleId = useId();
  const superTitleId = useId();
  const mapTitleId = useId();
  const listTitleId = useId();
  const summary = summaryOf(peers);
  const mapTitle = `Network map: you and ${peers.length} ${peers.length === 1 ? 'person' : 'people'}. ${summary}.`;

  return (
    <section className="pane-view network" data-testid="network-view" aria-labelledby={titleId}>
      <PaneHeader titleId={titleId} title="Network" subtitle={summary} subtitleTestId="network-summary" onClose={props.onClose} />
      <div className="network-canvas">
        <NetworkMap peers={peers} titleId={mapTitleId} title={mapTitle} />
      </div>
      <ul className="network-legend" aria-label="Legend">
        <li>
          <span className="legend-line grade-good" aria-hidden="true" /> good (under 20 ms, no loss)
        </li>
        <li>
          <span className="legend-line grade-fair" aria-hidden="true" /> fair
        </li>
        <li>
          <span className="legend-line grade-poor" aria-hidden="true" /> poor
        </li>
        {peers.some((peer) => peer.link !== null && peer.link !== 'direct') && (
          <li>
            <span className="legend-line relayed" aria-hidden="true" /> relayed
          </li>
        )}
        <li>
          <span className="legend-node offline" aria-hidden="true" /> offline
        </li>
      </ul>
      <section className="network-super-peers" aria-labelledby={superTitleId} data-testid="network-super-peers">
        <h2 id={superTitleId} className="section-heading">
          Super peers
        </h2>
        <SuperPeerList
          superPeers={props.superPeers}
          nameOf={props.nameOf}
          empty={
            <p className="hint">
              None on this network. Everyone here is reached directly; a super peer would bridge subnets and relay when a direct
              link fails.
            </p>
          }
        />
      </section>
      <h2 id={listTitleId} className="visually-hidden">
        Connections
      </h2>
      <ul className="visually-hidden" aria-labelledby={listTitleId} data-testid="network-list">
        {peers.map((peer) => (
          <li key={peer.peerId}>
            {`${displayNameOf(peer)}${peer.role === 'basic' ? '' : ` (${roleWords[peer.role].name.toLowerCase()})`}: ${linkDescription(peer)}.`}
          </li>
        ))}
      </ul>
    </section>
  );
}
