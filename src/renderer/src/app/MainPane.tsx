import type { Peer, Status } from '../../../core/model';
import { Conversation } from '../conversation/Conversation';
import type { MessageJump } from '../conversation/use-message-jump';
import { DoctorPanel } from '../doctor/DoctorPanel';
import type { DiagnosisView } from '../doctor/use-diagnosis';
import { NetworkView } from '../network/NetworkView';
import { useBackend } from './backend-context';
import { Connecting, NoConversationSelected, NobodyYet } from './EmptyStates';
import type { MainView } from './main-view';

/** Picks what the main pane shows: the network map, the network check, or a conversation and its empty states. */
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
  /** A conversation was marked read; its badge goes. */
  onRead: (peerId: string) => void;
  onAdded: (peer: Peer) => void;
  onInvite: () => void;
  onShow: (view: MainView) => void;
}) {
  const { state } = useBackend();
  const { view, peers } = props;
  if (view === 'network') return <NetworkView peers={peers} onClose={() => props.onShow('conversation')} />;
  if (view === 'doctor') return <DoctorPanel doctor={props.doctor} onClose={() => props.onShow('conversation')} />;

  const selected = peers.find((peer) => peer.peerId === props.selectedId);
  if (selected) {
    const jumpTo = props.jump?.peerId === selected.peerId ? props.jump : undefined;
    return (
      <Conversation
        key={selected.peerId}
        peer={selected}
        jumpTo={jumpTo}
        unread={props.unread.get(selected.peerId) ?? 0}
        typing={props.typing.has(selected.peerId)}
        onRead={props.onRead}
      />
    );
  }
  if (!props.loaded) return state === 'down' ? null : <Connecting />;
  if (peers.length === 0)
    return (
      <NobodyYet
        status={props.status}
        lastDiagnosis={props.doctor.diagnosis}
        onAdded={props.onAdded}
        onInvite={props.onInvite}
        onCheck={() => props.onShow('doctor')}
      />
    );
  return <NoConversationSelected />;
}
