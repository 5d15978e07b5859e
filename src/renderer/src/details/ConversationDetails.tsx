import type { Group, Peer } from '../../../core/model';
import type { ConversationSubject } from '../conversation/conversation-subject';
import { GroupDetailsPane } from '../groups/GroupDetailsPane';
import type { PeerPath } from '../network/path-words';
import type { NameOf } from '../people/name-book';
import { DetailsPane } from './DetailsPane';

/** The details pane for whatever the conversation is with: a person, or a group and its members. */
export function ConversationDetails(props: {
  subject: ConversationSubject;
  peers: readonly Peer[];
  selfId: string;
  nameOf: NameOf;
  pathOf: (peer: Peer) => PeerPath;
  onGroupChanged: (group: Group) => void;
  onClose: () => void;
  onSearch: () => void;
}) {
  const { subject, peers } = props;
  if (subject.kind === 'direct')
    return (
      <DetailsPane peer={subject.peer} path={props.pathOf(subject.peer)} onClose={props.onClose} onSearch={props.onSearch} />
    );
  const memberPath = (peerId: string) => {
    if (peerId === props.selfId) return undefined;
    const peer = peers.find((candidate) => candidate.peerId === peerId);
    return peer ? props.pathOf(peer).short : 'not met yet';
  };
  return (
    <GroupDetailsPane
      group={subject.group}
      peers={peers}
      selfId={props.selfId}
      nameOf={props.nameOf}
      pathOf={memberPath}
      onChanged={props.onGroupChanged}
      onClose={props.onClose}
      onSearch={props.onSearch}
    />
  );
}
