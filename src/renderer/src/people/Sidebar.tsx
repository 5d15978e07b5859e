import type { ReactNode } from 'react';
import type { Message, Peer, Status } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import type { MainView } from '../app/main-view';
import { keysLabel } from '../app/shortcuts';
import { SelfHeader } from '../profile/SelfHeader';
import { SearchBox } from '../search/SearchBox';
import type { MessageSearch } from '../search/use-message-search';
import { sidebarGroups } from './peer-order';
import { PeerItem } from './PeerItem';
import { SidebarFooter } from './SidebarFooter';
import { SidebarSection } from './SidebarSection';

export interface SidebarProps {
  status: Status | undefined;
  /** Everyone known, in the sidebar's order (peer-order.ts). */
  peers: readonly Peer[];
  view: MainView;
  selectedId: string | undefined;
  unread: ReadonlyMap<string, number>;
  mentioned: ReadonlySet<string>;
  last: ReadonlyMap<string, Message>;
  /** People typing to us right now. */
  typing: ReadonlySet<string>;
  collapsed: readonly string[];
  avatarHue: number | null;
  mac: boolean;
  onToggleSection: (id: string) => void;
  onSelect: (peerId: string) => void;
  onOpenSwitcher: () => void;
  onInvite: () => void;
  onShow: (view: Exclude<MainView, 'conversation'>) => void;
  search: MessageSearch;
  /** In the narrow layout search results take the lists' place, under the search box. */
  searchResults?: ReactNode;
}

/**
 * Conversations (people with a history, newest first), groups, and everyone
 * else known, online first. Each person appears once.
 */
export function Sidebar(props: SidebarProps) {
  const { conversations: withHistory, others } = sidebarGroups(props.peers, props.last);
  const collapsed = new Set(props.collapsed);
  const unreadIn = (list: readonly Peer[]) => list.reduce((sum, peer) => sum + (props.unread.get(peer.peerId) ?? 0), 0);
  const foldedBadge = (count: number) =>
    count > 0 ? (
      <span className="unread-badge section-badge" aria-label={`${count} unread`}>
        {count}
      </span>
    ) : undefined;

  const item = (peer: Peer) => (
    <PeerItem
      key={peer.peerId}
      peer={peer}
      selected={peer.peerId === props.selectedId}
      unread={props.unread.get(peer.peerId) ?? 0}
      mentioned={props.mentioned.has(peer.peerId)}
      typing={props.typing.has(peer.peerId)}
      last={props.last.get(peer.peerId)}
      onSelect={props.onSelect}
    />
  );

  return (
    <nav className="sidebar" aria-label="Conversations and people" data-testid="sidebar">
      <SelfHeader status={props.status} avatarHue={props.avatarHue} onOpenSettings={() => props.onShow('settings')} />
      <div className="sidebar-tools">
        <button
          type="button"
          className="switcher-trigger"
          data-testid="switcher-open"
          aria-label="Jump to a conversation"
          aria-keyshortcuts={props.mac ? 'Meta+K' : 'Control+K'}
          onClick={props.onOpenSwitcher}
        >
          <Icon path={ICONS.search} size={16} />
          <span className="switcher-trigger-text">Jump to…</span>
          <kbd>{keysLabel('Mod+K', props.mac)}</kbd>
        </button>
        <SearchBox search={props.search} />
      </div>
      {props.searchResults ?? (
        <div className="sidebar-scroll">
          <SidebarSection
            id="conversations"
            title="Conversations"
            collapsed={collapsed.has('conversations')}
            onToggle={props.onToggleSection}
            badge={foldedBadge(unreadIn(withHistory))}
          >
            {withHistory.length > 0 ? (
              <ul className="peer-list" data-testid="conversation-list">
                {withHistory.map(item)}
              </ul>
            ) : (
              <p className="sidebar-empty">No conversations yet. Pick someone below to start one.</p>
            )}
          </SidebarSection>
          <SidebarSection id="groups" title="Groups" collapsed={collapsed.has('groups')} onToggle={props.onToggleSection}>
            <p className="sidebar-empty" data-testid="groups-empty">
              <Icon path={ICONS.group} size={16} /> No groups yet.
            </p>
          </SidebarSection>
          <SidebarSection
            id="people"
            title="People"
            collapsed={collapsed.has('people')}
            onToggle={props.onToggleSection}
            badge={foldedBadge(unreadIn(others))}
          >
            {others.length > 0 ? (
              <ul className="peer-list" data-testid="peer-list">
                {others.map(item)}
              </ul>
            ) : (
              <p className="sidebar-empty">
                {props.peers.length === 0 ? 'No one found yet.' : 'Everyone you know is in a conversation above.'}
              </p>
            )}
          </SidebarSection>
        </div>
      )}
      <SidebarFooter view={props.view} onInvite={props.onInvite} onShow={props.onShow} />
    </nav>
  );
}
