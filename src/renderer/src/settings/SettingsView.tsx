import { useId } from 'react';
import type { Group, Peer, Status } from '../../../core/model';
import type { RelayStatus, SuperPeerInfo } from '../../../core/super-peer-info';
import { PaneHeader } from '../app/PaneHeader';
import type { DesktopState } from '../desktop/use-desktop-shell';
import type { Notifier } from '../notifications/notifier';
import type { NameOf } from '../people/name-book';
import { AppearanceSettings } from './AppearanceSettings';
import { ComputerSettings } from './ComputerSettings';
import { FileSettings } from '../files/FileSettings';
import { DesktopSettings } from './DesktopSettings';
import { HistorySettings } from './HistorySettings';
import { NotificationSettings } from './NotificationSettings';
import { PeopleSettings } from './PeopleSettings';
import { ProfileSettings } from './ProfileSettings';
import { ShortcutSettings } from './ShortcutSettings';

/**
 * Everything a person can set, on one scrolling page: what the backend keeps
 * (name, super-peer mode), what this window keeps (look, notifications), and
 * in the desktop app what the shell does (start at login).
 */
export function SettingsView(props: {
  status: Status | undefined;
  peers: readonly Peer[];
  notifier: Notifier;
  desktop: DesktopState | undefined;
  mac: boolean;
  superPeers: readonly SuperPeerInfo[];
  relay: RelayStatus | null | undefined;
  nameOf: NameOf;
  titleOf: (conversation: string) => string;
  onStatus: (status: Status) => void;
  onJoined: (peer: Peer) => void;
  onJoinedGroup: (group: Group) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const { status } = props;
  return (
    <section className="pane-view settings" data-testid="settings-view" aria-labelledby={titleId}>
      <PaneHeader
        titleId={titleId}
        title="Settings"
        subtitle={status ? `Lanline ${status.version} · data in ${status.dataDir}` : 'Connecting…'}
        onClose={props.onClose}
      />
      <div className="pane-scroller settings-scroller">
        {status && <ProfileSettings key={status.name} status={status} onSaved={props.onStatus} />}
        <AppearanceSettings />
        <NotificationSettings notifier={props.notifier} />
        {props.desktop && <DesktopSettings desktop={props.desktop} />}
        {status && (
          <ComputerSettings
            status={status}
            superPeers={props.superPeers}
            relay={props.relay}
            nameOf={props.nameOf}
            onChanged={props.onStatus}
          />
        )}
        <FileSettings peers={props.peers} />
        <PeopleSettings peers={props.peers} onJoined={props.onJoined} onJoinedGroup={props.onJoinedGroup} />
        {status && <HistorySettings status={status} titleOf={props.titleOf} />}
        <ShortcutSettings mac={props.mac} />
      </div>
    </section>
  );
}
