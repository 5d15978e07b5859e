import type { Group, Peer } from '../../../core/model';
import { momentLabel } from '../conversation/message-time';
import { InviteStateView } from '../invite/InviteState';
import { JoinForm } from '../invite/JoinForm';
import { useInvite } from '../invite/use-invite';
import { displayNameOf } from '../people/peer-appearance';
import { roleWords } from '../people/role-words';
import { SettingsSection } from './SettingsSection';

function seen(peer: Peer): string {
  if (peer.online) return peer.link ? 'connected' : 'online';
  return peer.lastSeenAt ? `last seen ${momentLabel(peer.lastSeenAt)}` : 'never seen online';
}

/** Everyone this computer knows, and the invite code that lets one more in. */
export function PeopleSettings(props: {
  peers: readonly Peer[];
  onJoined: (peer: Peer) => void;
  onJoinedGroup: (group: Group) => void;
}) {
  const invite = useInvite();
  return (
    <>
      <SettingsSection
        id="people"
        title="Known people"
        description="Everyone this computer has met. They stay here while offline, so their messages can wait for them."
      >
        {props.peers.length === 0 ? (
          <p className="empty-text">Nobody yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="known-peers" data-testid="known-peers">
              <caption className="visually-hidden">People this computer knows</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Role</th>
                  <th scope="col">Addresses</th>
                </tr>
              </thead>
              <tbody>
                {props.peers.map((peer) => (
                  <tr key={peer.peerId} data-testid="known-peer">
                    <th scope="row">{displayNameOf(peer)}</th>
                    <td>{seen(peer)}</td>
                    <td>{roleWords[peer.role].name}</td>
                    <td className="known-addresses">{peer.addresses.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </SettingsSection>
      <SettingsSection
        id="invites"
        title="Invites"
        description="For a colleague Lanline does not find by itself, for example on another floor’s network. A code someone gives you may also be for a group (LL2-…)."
      >
        <InviteStateView invite={invite} />
        <h3 className="settings-subtitle">Have a code? Join</h3>
        <JoinForm onJoined={props.onJoined} onJoinedGroup={props.onJoinedGroup} />
      </SettingsSection>
    </>
  );
}
