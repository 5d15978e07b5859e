import type { ReactNode } from 'react';
import type { Group, Message, Peer, Status } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import type { MainView } from '../app/main-view';
import { keysLabel } from '../app/shortcuts';
import { typingSentence } from '../conversation/typing-words';
import { groupPreview } from '../groups/group-words';
import { GroupItem } from '../groups/GroupItem';
import type { PeerPath } from '../network/path-words';
import { SelfHeader } from '../profile/SelfHeader';
import { SearchBox } from '../search/SearchBox';
import type { MessageSearch } from '../search/use-message-search';
import type { NameOf } from './name-book';
import { sidebarGroups } from './peer-order';
import { PeerItem } from './PeerItem';
import { SidebarFooter } from './SidebarFooter';
import { SidebarSection } from './SidebarSection';
import type { TypingView } from './use-typing';

export interface SidebarProps {
  status: Status | undefined;
  /** Everyone known, in the sidebar's order (peer-order.ts). */
  peers: readonly Peer[];
  /** Our groups, in the sidebar's order (groups/group-order.ts). */
  groups: readonly Group[];
  nameOf: NameOf;
  pathOf: (peer: Peer) => PeerPath;
  view: MainView;
  selectedId: string | undefined;
  unread: ReadonlyMap<string, number>;
  mentioned: ReadonlySet<string>;
  waiting: ReadonlyMap<string, number>;
  last: ReadonlyMap<string, Message>;
  /** Who is typing where. */
  typing: TypingView;
  collapsed: readonly string[];
  avatarHue: number | null;
  mac: boolean;
  onToggleSection: (id: string) => void;
  onSelect: (conversation: string) => void;
  onOpenSwitcher: () => void;
  onInvite: () => void;
  onNewGroup: () => void;
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
  const selfId = props.status?.peerId ?? '';
  const collapsed = new Set(props.collapsed);
  const unreadIn = (ids: readonly string[]) => ids.reduce((sum, id) => sum + (props.unread.get(id) ?? 0), 0);
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
      path={props.pathOf(peer)}
      selected={peer.peerId === props.selectedId}
      unread={props.unread.get(peer.peerId) ?? 0}
      mentioned={props.mentioned.has(peer.peerId)}
      waiting={props.waiting.get(peer.peerId) ?? 0}
      typing={props.typing.has(peer.peerId)}
      last={props.last.get(peer.peerId)}
      onSelect={props.onSelect}
    />
  );

  const groupItem = (group: Group) => {
    const last = props.last.get(group.id);
    const typists = (props.typing.get(group.id) ?? []).filter((peerId) => peerId !== selfId).map(props.nameOf);
    return (
      <GroupItem
        key={group.id}
        group={group}
        selected={group.id === props.selectedId}
        unread={props.unread.get(group.id) ?? 0}
        mentioned={props.mentioned.has(group.id)}
        typing={typingSentence(typists)}
        waiting={group.isMember ? (props.waiting.get(group.id) ?? 0) : 0}
        last={last}
        preview={last && groupPreview(last, selfId, props.nameOf)}
        onSelect={props.onSelect}
      />
    );
  };

  const newGroup = (
    <button
      type="button"
      className="icon-button small section-action"
      data-testid="new-group"
      aria-label="New group"
      title="New group"
      onClick={props.onNewGroup}
    >
      <Icon path={ICONS.plus} size={16} />
    </button>
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
            badge={foldedBadge(unreadIn(withHistory.map((peer) => peer.peerId)))}
          >
            {withHistory.length > 0 ? (
              <ul className="peer-list" data-testid="conversation-list">
                {withHistory.map(item)}
              </ul>
            ) : (
              <p className="sidebar-empty">No conversations yet. Pick someone below to start one.</p>
            )}
          </SidebarSection>
          <SidebarSection
            id="groups"
            title="Groups"
            collapsed={collapsed.has('groups')}
            onToggle={props.onToggleSection}
            badge={foldedBadge(unreadIn(props.groups.map((group) => group.id)))}
            action={newGroup}
          >
            {props.groups.length > 0 ? (
              <ul className="peer-list" data-testid="group-list">
                {props.groups.map(groupItem)}
              </ul>
            ) : (
              <div className="sidebar-empty" data-testid="groups-empty">
                <p>
                  <Icon path={ICONS.group} size={16} /> No groups yet.
                </p>
                <button type="button" className="button subtle small" onClick={props.onNewGroup}>
                  <Icon path={ICONS.plus} size={14} />
                  Start a group
                </button>
              </div>
            )}
          </SidebarSection>
          <SidebarSection
            id="people"
            title="People"
            collapsed={collapsed.has('people')}
            onToggle={props.onToggleSection}
            badge={foldedBadge(unreadIn(others.map((peer) => peer.peerId)))}
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
