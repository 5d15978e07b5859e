import type { ReactNode } from 'react';
import { loadPercent } from '../../../core/super-peer';
import type { SuperPeerInfo } from '../../../core/super-peer-info';
import type { NameOf } from '../people/name-book';
import { loadLine, superPeerFacts, superPeerState } from './super-peer-words';

/**
 * The super peers this computer knows: which one it uses (and is reachable
 * through), how busy each is, how near, and what it carries for us.
 */
export function SuperPeerList(props: { superPeers: readonly SuperPeerInfo[]; nameOf: NameOf; empty: ReactNode }) {
  if (props.superPeers.length === 0) return <div className="super-peers-empty">{props.empty}</div>;
  // The one in use first, then the rest as the backend ranks them.
  const ordered = [...props.superPeers].sort((a, b) => Number(b.primary) - Number(a.primary));
  return (
    <ul className="super-peer-list" data-testid="super-peer-list" aria-label="Super peers">
      {ordered.map((info) => {
        const state = superPeerState(info);
        const name = props.nameOf(info.peerId);
        const load = info.load ? loadPercent(info.load) : null;
        return (
          <li
            key={info.peerId}
            className="super-peer"
            data-testid="super-peer"
            data-primary={String(info.primary)}
            data-state={info.state}
          >
            <div className="super-peer-head">
              <span className="super-peer-name">{name}</span>
              <span className={`super-peer-state tone-${state.tone}`}>{state.label}</span>
            </div>
            <p className="super-peer-address">{info.address ?? info.addresses[0] ?? 'no address answered yet'}</p>
            <div className="super-peer-load">
              <meter
                className="load-meter"
                min={0}
                max={100}
                low={60}
                high={85}
                optimum={0}
                value={load ?? 0}
                aria-label={`Load of ${name}`}
                aria-valuetext={loadLine(info.load)}
              />
              <span className="super-peer-load-text" data-testid="super-peer-load">
                {loadLine(info.load)}
              </span>
            </div>
            <p className="super-peer-facts" data-testid="super-peer-facts">
              {superPeerFacts(info)}
            </p>
            {info.lastError && <p className="super-peer-error">{`Last problem: ${info.lastError}`}</p>}
          </li>
        );
      })}
    </ul>
  );
}
