import type { Diagnosis } from '../../../core/model';
import { formatMilliseconds } from '../app/human-units';
import { displayNameOf } from '../people/peer-appearance';
import { reachStateWords } from './diagnosis-words';

/** Whom this computer reaches, and for those it does not, the last reason why. */
export function PeerReachability(props: { peers: Diagnosis['peers'] }) {
  if (props.peers.length === 0) return <p className="empty-text">Nobody is known yet, so there is nobody to try.</p>;
  return (
    <table className="reach-table" data-testid="doctor-peers">
      <caption className="visually-hidden">People and whether this computer reaches them</caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">State</th>
          <th scope="col">Round trip</th>
          <th scope="col">Last problem</th>
        </tr>
      </thead>
      <tbody>
        {props.peers.map((peer) => (
          <tr key={peer.peerId} data-testid="doctor-peer" data-peer-id={peer.peerId} data-state={peer.state}>
            <th scope="row" className="reach-name">
              {displayNameOf(peer)}
            </th>
            <td>
              <span className={`reach-state state-${peer.state}`}>
                <span className="reach-dot" aria-hidden="true" />
                {reachStateWords[peer.state]}
              </span>
            </td>
            <td className="reach-rtt">{peer.rttMs === null ? '—' : formatMilliseconds(peer.rttMs)}</td>
            <td className="reach-error">{peer.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
