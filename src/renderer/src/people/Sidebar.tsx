import { useState } from 'react';
import type { Peer, Status } from '../../../core/model';
import { reachableAt } from '../profile/reachable-at';
import { SelfHeader } from '../profile/SelfHeader';
import { AddPeerForm } from './AddPeerForm';
import { PeerList } from './PeerList';

export interface SidebarProps {
  status: Status | undefined;
  peers: readonly Peer[];
  selectedId: string | undefined;
  unread: ReadonlyMap<string, number>;
  onSelect: (peerId: string) => void;
  onAdded: (peer: Peer) => void;
  onRename: () => void;
}

export function Sidebar(props: SidebarProps) {
  const [adding, setAdding] = useState(false);
  return (
    <nav className="sidebar" aria-label="People">
      <SelfHeader status={props.status} onRename={props.onRename} />
      <h2 className="sidebar-heading" id="people-heading">
        People
      </h2>
      <PeerList peers={props.peers} selectedId={props.selectedId} unread={props.unread} onSelect={props.onSelect} />
      {props.peers.length === 0 && <p className="sidebar-empty">No one yet.</p>}
      <div className="sidebar-footer">
        <button
          type="button"
          className="button subtle"
          aria-expanded={adding}
          aria-controls="sidebar-add-peer"
          aria-label="Add someone by address"
          onClick={() => setAdding(!adding)}
        >
          {adding ? 'Close' : '+ Add by address'}
        </button>
        <div id="sidebar-add-peer" hidden={!adding}>
          {adding && (
            <AddPeerForm
              ownAddresses={reachableAt(props.status)}
              onAdded={(peer) => {
                setAdding(false);
                props.onAdded(peer);
              }}
            />
          )}
        </div>
      </div>
    </nav>
  );
}
