import { useEffect, useMemo, useState } from 'react';
import type { Message, Peer, Status } from '../../../core/model';
import type { MessageJump } from '../conversation/use-message-jump';
import { useDiagnosis } from '../doctor/use-diagnosis';
import { InviteDialog } from '../invite/InviteDialog';
import { useJoinLink } from '../invite/use-join-link';
import { sortPeers } from '../people/peer-order';
import { Sidebar } from '../people/Sidebar';
import { usePeers } from '../people/use-peers';
import { useTyping } from '../people/use-typing';
import { useUnread } from '../people/use-unread';
import { NameDialog } from '../profile/NameDialog';
import { reachableAt } from '../profile/reachable-at';
import { ThisComputerDialog } from '../profile/ThisComputerDialog';
import { useNamePrompt } from '../profile/use-name-prompt';
import { useStatus } from '../profile/use-status';
import { SearchResults } from '../search/SearchResults';
import { useMessageSearch } from '../search/use-message-search';
import { ConnectionBanner } from './ConnectionBanner';
import { MainPane } from './MainPane';
import type { MainView } from './main-view';
import { useBackend } from './backend-context';
import { usePageVisible } from './use-page-visible';

/** `initialJoinCode` is the invite a deep link opened the window with, read once in main.tsx. */
export function App(props: { initialJoinCode?: string }) {
  const { state } = useBackend();
  const { status, setStatus } = useStatus();
  const { peers, loaded, remember } = usePeers();
  const [view, setView] = useState<MainView>('conversation');
  const [selectedId, setSelectedId] = useState<string>();
  const [jump, setJump] = useState<MessageJump>();
  const search = useMessageSearch(selectedId);
  // Only an open conversation counts as read; the network views leave the selection for later.
  const openId = view === 'conversation' ? selectedId : undefined;
  const visible = usePageVisible();
  const { unread, lastMessageAt, clear: clearUnread } = useUnread(openId, visible);
  const typing = useTyping();
  const orderedPeers = useMemo(() => sortPeers(peers, lastMessageAt), [peers, lastMessageAt]);
  const namePrompt = useNamePrompt(status);
  const doctor = useDiagnosis();
  const joinLink = useJoinLink(props.initialJoinCode);
  const [inviting, setInviting] = useState(false);
  const [showingComputer, setShowingComputer] = useState(false);

  const totalUnread = [...unread.values()].reduce((sum, n) => sum + n, 0);
  useEffect(() => {
    document.title = totalUnread ? `(${totalUnread}) Lanline` : 'Lanline';
  }, [totalUnread]);

  const select = (peerId: string) => {
    search.hide();
    setView('conversation');
    setSelectedId(peerId);
    setJump(undefined);
  };
  const show = (next: MainView) => {
    search.hide();
    setView(next);
  };
  const openHit = (message: Message) => {
    select(message.conversation);
    setJump({ peerId: message.conversation, messageId: message.id });
  };
  const adopt = (peer: Peer) => {
    remember(peer);
    select(peer.peerId);
  };
  const saved = (fresh: Status) => {
    setStatus(fresh);
    namePrompt.close();
  };
  const closeInvite = () => {
    setInviting(false);
    joinLink.consume();
  };

  return (
    <div className="app" data-connection={state}>
      <ConnectionBanner />
      <div className="app-body">
        <Sidebar
          status={status}
          peers={orderedPeers}
          view={view}
          selectedId={openId}
          unread={unread}
          typing={typing}
          onSelect={select}
          onRename={namePrompt.ask}
          onShowComputer={() => setShowingComputer(true)}
          onInvite={() => setInviting(true)}
          onShow={show}
          search={search}
        />
        <main className="main-pane">
          {/* Search covers the view rather than replacing it, so closing it finds the view as it was, scrolled where it was. */}
          <div className="main-view" inert={search.showing}>
            <MainPane
              view={view}
              status={status}
              peers={peers}
              loaded={loaded}
              selectedId={selectedId}
              jump={jump}
              doctor={doctor}
              unread={unread}
              typing={typing}
              onRead={clearUnread}
              onAdded={adopt}
              onInvite={() => setInviting(true)}
              onShow={show}
            />
          </div>
          {search.showing && <SearchResults search={search} peers={peers} onOpen={openHit} />}
        </main>
      </div>
      {namePrompt.prompt && status && (
        <NameDialog
          firstRun={namePrompt.prompt === 'first-run'}
          currentName={status.name}
          onSaved={saved}
          onClose={namePrompt.close}
        />
      )}
      {(inviting || joinLink.code !== undefined) && (
        <InviteDialog
          key={joinLink.code ?? ''}
          joinCode={joinLink.code}
          ownAddresses={reachableAt(status)}
          onConnected={(peer) => {
            closeInvite();
            adopt(peer);
          }}
          onClose={closeInvite}
        />
      )}
      {showingComputer && status && (
        <ThisComputerDialog status={status} onChanged={setStatus} onClose={() => setShowingComputer(false)} />
      )}
    </div>
  );
}
