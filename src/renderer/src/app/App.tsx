import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ShellCommand } from '../../../core/api/desktop-bridge';
import { DEFAULT_DISPLAY_NAME, type Group, type Message, type Peer, type Status } from '../../../core/model';
import type { ConversationSubject } from '../conversation/conversation-subject';
import type { MessageJump } from '../conversation/use-message-jump';
import { ConversationDetails } from '../details/ConversationDetails';
import { desktopBridge } from '../desktop/desktop-shell';
import { useDesktopShell } from '../desktop/use-desktop-shell';
import { useDiagnosis } from '../doctor/use-diagnosis';
import { sortGroups } from '../groups/group-order';
import { NewGroupDialog } from '../groups/NewGroupDialog';
import { useGroups } from '../groups/use-groups';
import { InviteDialog } from '../invite/InviteDialog';
import { useJoinLink } from '../invite/use-join-link';
import { pathOf } from '../network/path-words';
import { useSuperPeers } from '../network/use-super-peers';
import { NotificationPrompt } from '../notifications/NotificationPrompt';
import { browserNotifier, desktopNotifier } from '../notifications/notifier';
import { useNotifications } from '../notifications/use-notifications';
import { AvatarBook } from '../people/avatar-book';
import { nameBook, nameBookKey } from '../people/name-book';
import { displayNameOf } from '../people/peer-appearance';
import { sidebarGroups, sortPeers } from '../people/peer-order';
import { Sidebar } from '../people/Sidebar';
import { usePeers } from '../people/use-peers';
import { useTyping } from '../people/use-typing';
import { useUnread } from '../people/use-unread';
import { NameDialog } from '../profile/NameDialog';
import { reachableAt } from '../profile/reachable-at';
import { useNamePrompt } from '../profile/use-name-prompt';
import { useStatus } from '../profile/use-status';
import { SearchResults } from '../search/SearchResults';
import { useMessageSearch } from '../search/use-message-search';
import { QuickSwitcher } from '../switcher/QuickSwitcher';
import type { SwitcherItem } from '../switcher/switcher-items';
import { ConnectionBanner } from './ConnectionBanner';
import { MainPane } from './MainPane';
import type { MainView } from './main-view';
import { useBackend } from './backend-context';
import { applyAppearance, usePreferences } from './preferences';
import { MAC, useGlobalShortcuts } from './use-global-shortcuts';
import { useMediaQuery } from './use-media-query';
import { usePageVisible } from './use-page-visible';

/** Below this width (in CSS pixels, so 200 % zoom halves the window) the sidebar and the conversation take turns. */
const NARROW_QUERY = '(max-width: 720px)';

const bridge = desktopBridge();
const notifier = bridge ? desktopNotifier(bridge) : browserNotifier();

/** `initialJoinCode` is the invite a deep link opened the window with, read once in main.tsx. */
export function App(props: { initialJoinCode?: string }) {
  const { state } = useBackend();
  const { status, setStatus } = useStatus();
  const { peers, loaded, remember } = usePeers();
  const [preferences, updatePreferences] = usePreferences();
  const [view, setView] = useState<MainView>('conversation');
  const [selectedId, setSelectedId] = useState<string>();
  const [jump, setJump] = useState<MessageJump>();
  const [switcherOpen, setSwitcherOpen] = useState(false);
  // In the narrow layout: which of the two is on screen.
  const [narrowPane, setNarrowPane] = useState<'list' | 'main'>('list');
  const narrow = useMediaQuery(NARROW_QUERY);
  const search = useMessageSearch(selectedId);
  // Only an open conversation counts as read; the other views leave the selection for later.
  const openId = view === 'conversation' ? selectedId : undefined;
  const visible = usePageVisible();
  const { unread, mentioned, last, lastMessageAt, waiting, clear: clearUnread } = useUnread(openId, visible, status?.name);
  const typing = useTyping();
  const { groups, remember: rememberGroup } = useGroups();
  const { superPeers, relay } = useSuperPeers({ relay: status?.role === 'super' || status?.role === 'infrastructure' });
  const orderedPeers = useMemo(() => sortPeers(peers, lastMessageAt), [peers, lastMessageAt]);
  const orderedGroups = useMemo(() => sortGroups(groups.values(), lastMessageAt), [groups, lastMessageAt]);
  const namesKey = nameBookKey(peers, groups.values());
  // Keyed on the names alone: `peers` changes with every link-quality report.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const nameOf = useMemo(() => nameBook(peers, groups.values()), [namesKey]);
  const avatarsKey = [...peers.map((p) => `${p.peerId}:${p.avatar}`), `${status?.peerId}:${status?.avatar}`].join();
  const avatarBook = useMemo(
    () =>
      new Map<string, string | null>([
        ...peers.map((p): [string, string | null] => [p.peerId, p.avatar]),
        ...(status ? [[status.peerId, status.avatar] as [string, string | null]] : []),
      ]),
    // Keyed on the hashes alone, like the name book.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [avatarsKey],
  );
  const titleOf = useCallback((id: string) => groups.get(id)?.name ?? nameOf(id), [groups, nameOf]);
  const pathFor = useCallback((peer: Peer) => pathOf(peer, superPeers, nameOf), [superPeers, nameOf]);
  const namePrompt = useNamePrompt(status);
  const doctor = useDiagnosis();
  const joinLink = useJoinLink(props.initialJoinCode);
  const [inviting, setInviting] = useState(false);
  const [creatingGroup, setCreatingGroup] = useState(false);
  const subject = useMemo((): ConversationSubject | undefined => {
    if (selectedId === undefined) return undefined;
    const group = groups.get(selectedId);
    if (group) return { kind: 'group', id: group.id, title: group.name, group };
    const peer = peers.find((candidate) => candidate.peerId === selectedId);
    return peer && { kind: 'direct', id: peer.peerId, title: displayNameOf(peer), peer };
  }, [selectedId, groups, peers]);
  const mainShown = !narrow || narrowPane === 'main';
  const listShown = !narrow ? !preferences.sidebarHidden : narrowPane === 'list';
  const detailsShown = preferences.detailsOpen && view === 'conversation' && subject !== undefined && mainShown;

  useEffect(() => applyAppearance(preferences), [preferences]);

  const totalUnread = [...unread.values()].reduce((sum, n) => sum + n, 0);
  useEffect(() => {
    document.title = totalUnread ? `(${totalUnread}) Lanline` : 'Lanline';
  }, [totalUnread]);

  const select = (conversation: string) => {
    search.hide();
    setView('conversation');
    setSelectedId(conversation);
    setJump(undefined);
    setNarrowPane('main');
  };
  const show = (next: MainView) => {
    search.hide();
    setView(next);
    setNarrowPane(next === 'conversation' && !selectedId ? 'list' : 'main');
  };
  const openHit = (message: Message) => {
    select(message.conversation);
    setJump({ conversation: message.conversation, messageId: message.id });
  };
  const adopt = (peer: Peer) => {
    remember(peer);
    select(peer.peerId);
  };
  const adoptGroup = (group: Group) => {
    rememberGroup(group);
    select(group.id);
  };
  const saved = (fresh: Status) => {
    setStatus(fresh);
    namePrompt.close();
  };
  const closeInvite = () => {
    setInviting(false);
    joinLink.consume();
  };
  const focusSearch = () => {
    setNarrowPane('list');
    if (!narrow && preferences.sidebarHidden) updatePreferences({ sidebarHidden: false });
    // After the sidebar is back on screen.
    requestAnimationFrame(() => search.focus());
  };
  const searchConversation = () => {
    search.setScope('conversation');
    focusSearch();
  };
  const step = (by: 1 | -1) => {
    const { conversations, others } = sidebarGroups(orderedPeers, last);
    // The sidebar's order: conversations, groups, everyone else.
    const order = [...conversations.map((p) => p.peerId), ...orderedGroups.map((g) => g.id), ...others.map((p) => p.peerId)];
    if (order.length === 0) return;
    const at = selectedId === undefined ? -1 : order.indexOf(selectedId);
    select(order[at < 0 ? 0 : (at + by + order.length) % order.length]!);
  };
  const openFromSwitcher = (item: SwitcherItem) => {
    setSwitcherOpen(false);
    if (item.kind !== 'place') return select(item.id);
    if (item.id === 'invite') return setInviting(true);
    if (item.id === 'new-group') return setCreatingGroup(true);
    show(item.id);
  };

  const run = (command: ShellCommand) => {
    switch (command) {
      case 'switcher':
        return setSwitcherOpen(true);
      case 'search':
        return focusSearch();
      case 'settings':
        return show('settings');
      case 'details':
        return updatePreferences({ detailsOpen: !preferences.detailsOpen });
      case 'sidebar':
        if (narrow) return setNarrowPane(narrowPane === 'list' ? 'main' : 'list');
        return updatePreferences({ sidebarHidden: !preferences.sidebarHidden });
      case 'next-conversation':
        return step(1);
      case 'previous-conversation':
        return step(-1);
      case 'invite':
        return setInviting(true);
      case 'new-group':
        return setCreatingGroup(true);
    }
  };
  useGlobalShortcuts(run, () => {
    if (detailsShown) {
      updatePreferences({ detailsOpen: false });
      return true;
    }
    if (view !== 'conversation') {
      show('conversation');
      return true;
    }
    return false;
  });

  const desktop = useDesktopShell(bridge, totalUnread, { onOpen: select, onJoin: joinLink.offer, onCommand: run });
  useNotifications({
    notifier,
    level: preferences.notifications,
    showText: preferences.notificationText,
    selfName: status?.name,
    peers,
    nameOf,
    groupName: (conversation) => groups.get(conversation)?.name,
    openConversation: openId,
    onOpen: select,
  });
  const offerNotifications =
    notifier.kind === 'browser' &&
    !preferences.notificationPromptDismissed &&
    preferences.notifications !== 'off' &&
    status !== undefined &&
    status.name !== DEFAULT_DISPLAY_NAME &&
    peers.length > 0;

  return (
    <AvatarBook value={avatarBook}>
      <div
        className="app"
        data-connection={state}
        data-layout={narrow ? 'narrow' : 'wide'}
        data-sidebar={listShown ? 'shown' : 'hidden'}
        data-details={detailsShown ? 'shown' : 'hidden'}
      >
        <button
          type="button"
          className="skip-link"
          onClick={() => document.querySelector<HTMLElement>('[data-testid="composer"], #main-pane')?.focus()}
        >
          Skip to the conversation
        </button>
        <ConnectionBanner />
        <div className="app-body">
          {listShown && (
            <Sidebar
              status={status}
              peers={orderedPeers}
              groups={orderedGroups}
              nameOf={nameOf}
              pathOf={pathFor}
              view={view}
              selectedId={openId}
              unread={unread}
              mentioned={mentioned}
              waiting={waiting}
              last={last}
              typing={typing}
              collapsed={preferences.collapsedSections}
              avatarHue={preferences.avatarHue}
              mac={MAC}
              onToggleSection={(id) => {
                const folded = new Set(preferences.collapsedSections);
                if (!folded.delete(id)) folded.add(id);
                updatePreferences({ collapsedSections: [...folded] });
              }}
              onSelect={select}
              onOpenSwitcher={() => setSwitcherOpen(true)}
              onInvite={() => setInviting(true)}
              onNewGroup={() => setCreatingGroup(true)}
              onShow={show}
              search={search}
              searchResults={
                narrow && search.showing ? (
                  <SearchResults search={search} nameOf={nameOf} titleOf={titleOf} onOpen={openHit} />
                ) : undefined
              }
            />
          )}
          {mainShown && (
            <main className="main-pane" id="main-pane" tabIndex={-1}>
              {offerNotifications && (
                <NotificationPrompt
                  notifier={notifier}
                  onDismiss={() => updatePreferences({ notificationPromptDismissed: true })}
                />
              )}
              {/* Search covers the view rather than replacing it, so closing it finds the view as it was, scrolled where it was. */}
              <div className="main-view" inert={search.showing && !narrow}>
                <MainPane
                  view={view}
                  status={status}
                  peers={peers}
                  loaded={loaded}
                  subject={subject}
                  nameOf={nameOf}
                  titleOf={titleOf}
                  pathOf={pathFor}
                  superPeers={superPeers}
                  relay={relay}
                  jump={jump}
                  doctor={doctor}
                  unread={unread}
                  waiting={waiting}
                  typing={typing}
                  detailsOpen={detailsShown}
                  notifier={notifier}
                  desktop={bridge ? desktop : undefined}
                  mac={MAC}
                  onRead={clearUnread}
                  onAdded={adopt}
                  onJoinedGroup={adoptGroup}
                  onInvite={() => setInviting(true)}
                  onShow={show}
                  onStatus={setStatus}
                  onToggleDetails={() => updatePreferences({ detailsOpen: !preferences.detailsOpen })}
                  onSearchConversation={searchConversation}
                  onBack={narrow ? () => setNarrowPane('list') : undefined}
                />
              </div>
              {search.showing && !narrow && <SearchResults search={search} nameOf={nameOf} titleOf={titleOf} onOpen={openHit} />}
            </main>
          )}
          {detailsShown && subject && status && (
            <ConversationDetails
              subject={subject}
              peers={orderedPeers}
              selfId={status.peerId}
              nameOf={nameOf}
              pathOf={pathFor}
              onGroupChanged={rememberGroup}
              onClose={() => updatePreferences({ detailsOpen: false })}
              onSearch={searchConversation}
            />
          )}
        </div>
        {namePrompt.showing && status && <NameDialog peerId={status.peerId} onSaved={saved} onClose={namePrompt.close} />}
        {(inviting || joinLink.code !== undefined) && (
          <InviteDialog
            key={joinLink.code ?? ''}
            joinCode={joinLink.code}
            ownAddresses={reachableAt(status)}
            onConnected={(peer) => {
              closeInvite();
              adopt(peer);
            }}
            onJoinedGroup={(group) => {
              closeInvite();
              adoptGroup(group);
            }}
            onClose={closeInvite}
          />
        )}
        {creatingGroup && (
          <NewGroupDialog
            peers={orderedPeers}
            onCreated={(group) => {
              setCreatingGroup(false);
              adoptGroup(group);
            }}
            onClose={() => setCreatingGroup(false)}
          />
        )}
        {switcherOpen && (
          <QuickSwitcher
            peers={orderedPeers}
            groups={orderedGroups}
            last={last}
            unread={unread}
            onChoose={openFromSwitcher}
            onClose={() => setSwitcherOpen(false)}
          />
        )}
      </div>
    </AvatarBook>
  );
}
