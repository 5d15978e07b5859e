import type { Peer, Status } from '../../../core/model';
import type { MainView } from '../app/main-view';
import { SelfHeader } from '../profile/SelfHeader';
import { SearchBox } from '../search/SearchBox';
import type { MessageSearch } from '../search/use-message-search';
import { PeerList } from './PeerList';
import { SidebarFooter } from './SidebarFooter';

export interface SidebarProps {
  status: Status | undefined;
  peers: readonly Peer[];
  view: MainView;
  selectedId: string | undefined;
  unread: ReadonlyMap<string, number>;
  /** People typing to us right now. */
  typing: ReadonlySet<string>;
  onSelect: (peerId: string) => void;
  onRename: () => void;
  onShowComputer: () => void;
  onInvite: () => void;
  onShow: (view: Exclude<MainView, 'conversation'>) => void;
  search: MessageSearch;
}

export function Sidebar(props: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="People">
      <SelfHeader status={props.status} onRename={props.onRename} onShowComputer={props.onShowComputer} />
      <SearchBox search={props.search} />
      <h2 className="sidebar-heading" id="people-heading">
        People
      </h2>
      <PeerList
        peers={props.peers}
        selectedId={props.selectedId}
        unread={props.unread}
        typing={props.typing}
        onSelect={props.onSelect}
      />
      {props.peers.length === 0 && <p className="sidebar-empty">No one yet.</p>}
      <SidebarFooter view={props.view} onInvite={props.onInvite} onShow={props.onShow} />
    </nav>
  );
}
