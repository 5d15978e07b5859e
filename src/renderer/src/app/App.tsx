import { useEffect, useState } from 'react';
import type { Peer, Status } from '../../../core/model';
import { Conversation } from '../conversation/Conversation';
import { Sidebar } from '../people/Sidebar';
import { usePeers } from '../people/use-peers';
import { useUnread } from '../people/use-unread';
import { NameDialog } from '../profile/NameDialog';
import { useNamePrompt } from '../profile/use-name-prompt';
import { useStatus } from '../profile/use-status';
import { useBackend } from './backend-context';
import { ConnectionBanner } from './ConnectionBanner';
import { Connecting, NoConversationSelected, NobodyYet } from './EmptyStates';

export function App() {
  const { state } = useBackend();
  const { status, setStatus } = useStatus();
  const { peers, loaded, remember } = usePeers();
  const [selectedId, setSelectedId] = useState<string>();
  const { unread, markRead } = useUnread(selectedId);
  const namePrompt = useNamePrompt(status);
  const selected = peers.find((peer) => peer.peerId === selectedId);

  const totalUnread = [...unread.values()].reduce((sum, n) => sum + n, 0);
  useEffect(() => {
    document.title = totalUnread ? `(${totalUnread}) Lanline` : 'Lanline';
  }, [totalUnread]);

  const select = (peerId: string) => {
    setSelectedId(peerId);
    markRead(peerId);
  };
  const adopt = (peer: Peer) => {
    remember(peer);
    select(peer.peerId);
  };
  const saved = (fresh: Status) => {
    setStatus(fresh);
    namePrompt.close();
  };

  const pane = selected ? (
    <Conversation key={selected.peerId} peer={selected} />
  ) : !loaded ? (
    state === 'down' ? null : (
      <Connecting />
    )
  ) : peers.length === 0 ? (
    <NobodyYet status={status} onAdded={adopt} />
  ) : (
    <NoConversationSelected />
  );

  return (
    <div className="app" data-connection={state}>
      <ConnectionBanner />
      <div className="app-body">
        <Sidebar
          status={status}
          peers={peers}
          selectedId={selectedId}
          unread={unread}
          onSelect={select}
          onAdded={adopt}
          onRename={namePrompt.ask}
        />
        <main className="main-pane">{pane}</main>
      </div>
      {namePrompt.prompt && status && (
        <NameDialog
          firstRun={namePrompt.prompt === 'first-run'}
          currentName={status.name}
          onSaved={saved}
          onClose={namePrompt.close}
        />
      )}
    </div>
  );
}
