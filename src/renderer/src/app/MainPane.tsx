import type { Group, Peer, Status } from '../../../core/model';
import type { RelayStatus, SuperPeerInfo } from '../../../core/super-peer-info';
import { Conversation } from '../conversation/Conversation';
import type { ConversationSubject } from '../conversation/conversation-subject';
import type { MessageJump } from '../conversation/use-message-jump';
import type { DesktopState } from '../desktop/use-desktop-shell';
import { DoctorPanel } from '../doctor/DoctorPanel';
import type { DiagnosisView } from '../doctor/use-diagnosis';
import { memberSummary } from '../groups/group-words';
import { NetworkView } from '../network/NetworkView';
import type { PeerPath } from '../network/path-words';
import type { Notifier } from '../notifications/notifier';
import type { NameOf } from '../people/name-book';
import type { TypingView } from '../people/use-typing';
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
  /** The conversation picked in the sidebar, once what it is with is known. */
  subject: ConversationSubject | undefined;
  nameOf: NameOf;
  titleOf: (conversation: string) => string;
  pathOf: (peer: Peer) => PeerPath;
  superPeers: readonly SuperPeerInfo[];
  relay: RelayStatus | null | undefined;
  /** A message to bring into view in the selected conversation. */
  jump: MessageJump | undefined;
  doctor: DiagnosisView;
  unread: ReadonlyMap<string, number>;
  waiting: ReadonlyMap<string, number>;
  typing: TypingView;
  detailsOpen: boolean;
  notifier: Notifier;
  desktop: DesktopState | undefined;
  mac: boolean;
  /** A conversation was marked read; its badge goes. */
  onRead: (conversation: string) => void;
  onAdded: (peer: Peer) => void;
  onJoinedGroup: (group: Group) => void;
  onInvite: () => void;
  onShow: (view: MainView) => void;
  onStatus: (status: Status) => void;
  onToggleDetails: () => void;
  onSearchConversation: () => void;
  /** Only in the narrow layout, where the sidebar and the conversation take turns. */
  onBack?: () => void;
}) {
  const { state } = useBackend();
  const { view, peers, subject, nameOf } = props;
  const selfId = props.status?.peerId ?? '';
  const back = () => props.onShow('conversation');
  if (view === 'network') return <NetworkView peers={peers} superPeers={props.superPeers} nameOf={nameOf} onClose={back} />;
  if (view === 'doctor') return <DoctorPanel doctor={props.doctor} onClose={back} />;
  if (view === 'settings')
    return (
      <SettingsView
        status={props.status}
        peers={peers}
        notifier={props.notifier}
        desktop={props.desktop}
        mac={props.mac}
        superPeers={props.superPeers}
        relay={props.relay}
        nameOf={nameOf}
        titleOf={props.titleOf}
        onStatus={props.onStatus}
        onJoined={props.onAdded}
        onJoinedGroup={props.onJoinedGroup}
        onClose={back}
      />
    );

  if (subject) {
    const jumpTo = props.jump?.conversation === subject.id ? props.jump : undefined;
    const path = subject.kind === 'direct' ? props.pathOf(subject.peer) : undefined;
    const subtitle =
      subject.kind === 'direct'
        ? path!.line
        : subject.group.isMember
          ? memberSummary(subject.group, selfId, nameOf)
          : 'You are no longer a member';
    return (
      <Conversation
        key={subject.id}
        subject={subject}
        selfId={selfId}
        selfName={props.status?.name ?? ''}
        nameOf={nameOf}
        subtitle={subtitle}
        path={path?.kind}
        jumpTo={jumpTo}
        unread={props.unread.get(subject.id) ?? 0}
        typists={props.typing.get(subject.id) ?? []}
        // Out of a group, what waits is sealed under keys we will never get: nothing to wait for.
        waiting={subject.kind === 'group' && !subject.group.isMember ? 0 : (props.waiting.get(subject.id) ?? 0)}
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
