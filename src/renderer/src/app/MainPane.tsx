import type { Peer, Status } from '../../../core/model';
import { Conversation } from '../conversation/Conversation';
import type { MessageJump } from '../conversation/use-message-jump';
import type { DesktopState } from '../desktop/use-desktop-shell';
import { DoctorPanel } from '../doctor/DoctorPanel';
import type { DiagnosisView } from '../doctor/use-diagnosis';
import { NetworkView } from '../network/NetworkView';
import type { Notifier } from '../notifications/notifier';
import { SettingsView } from '../settings/SettingsView';
import { useBackend } from './backend-context';
import { Connecting, NoConversationSelected, NobodyYet } from './EmptyStates';
import type { MainView } from './main-view';

/** Picks what the main pane shows: a view (network, check, settings), or a conversation and its empty states. */
export function MainPane(props: {
  view: MainView;
  status: Status | undefined;
  peers: readonly Peer[];
  loaded: boolean;
  selectedId: string | undefined;
  /** A message to bring into view in the selected conversation. */
  jump: MessageJump | undefined;
  doctor: DiagnosisView;
  unread: ReadonlyMap<string, number>;
  typing: ReadonlySet<string>;
  detailsOpen: boolean;
  notifier: Notifier;
  desktop: DesktopState | undefined;
  mac: boolean;
  /** A conversation was marked read; its badge goes. */
  onRead: (peerId: string) => void;
  onAdded: (peer: Peer) => void;
  onInvite: () => void;
  onShow: (view: MainView) => void;
  onStatus: (status: Status) => void;
  onToggleDetails: () => void;
  onSearchConversation: () => void;
  /** Only in the narrow layout, where the sidebar and the conversation take turns. */
  onBack?: () => void;
}) {
  const { state } = useBackend();
  const { view, peers } = props;
  const back = () => props.onShow('conversation');
  if (view === 'network') return <NetworkView peers={peers} onClose={back} />;
  if (view === 'doctor') return <DoctorPanel doctor={props.doctor} onClose={back} />;
  if (view === 'settings')
    return (
      <SettingsView
        status={props.status}
        peers={peers}
        notifier={props.notifier}
        desktop={props.desktop}
        mac={props.mac}
        onStatus={props.onStatus}
        onJoined={props.onAdded}
        onClose={back}
      />
    );

  const selected = peers.find((peer) => peer.peerId === props.selectedId);
  if (selected) {
    const jumpTo = props.jump?.peerId === selected.peerId ? props.jump : undefined;
    return (
      <Conversation
        key={selected.peerId}
        peer={selected}
        selfName={props.status?.name ?? ''}
        jumpTo={jumpTo}
        unread={props.unread.get(selected.peerId) ?? 0}
        typing={props.typing.has(selected.peerId)}
        detailsOpen={props.detailsOpen}
        onRead={props.onRead}
        onBack={props.onBack}
        onToggleDetails={props.onToggleDetails}
        onSearch={props.onSearchConversation}
      />
    );
  }
  if (!props.loaded) return state === 'down' ? null : <Connecting />;
  if (peers.length === 0)
    return (
      <NobodyYet
        status={props.status}
        doctor={props.doctor}
        onAdded={props.onAdded}
        onInvite={props.onInvite}
        onCheck={() => props.onShow('doctor')}
      />
    );
  return <NoConversationSelected peopleOnline={peers.filter((peer) => peer.online).length} mac={props.mac} />;
}
