import { shortPeerId } from '../../../core/identity';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { ICONS, Icon } from '../app/Icon';
import { Avatar } from '../people/Avatar';
import { RoleBadge } from '../people/RoleBadge';

const connectionWords = { open: 'online', connecting: 'connecting…', down: 'offline' } as const;

/** Who I am, as others see me, whether this window reaches its backend, and the way to Settings. */
export function SelfHeader(props: { status: Status | undefined; avatarHue: number | null; onOpenSettings: () => void }) {
  const { state } = useBackend();
  const { status } = props;
  const name = status?.name ?? '…';
  return (
    <header className="self-header">
      {status && <Avatar peerId={status.peerId} name={status.name} size="large" hue={props.avatarHue} />}
      <div
        className="self-text"
        title={status ? `Your id: ${shortPeerId(status.peerId)} · Lanline ${status.version}` : undefined}
      >
        <span className="self-name" data-testid="self-name">
          {name}
        </span>
        <span className="self-state">
          <span className={`presence-dot ${state === 'open' ? 'online' : 'offline'}`} aria-hidden="true" />
          {connectionWords[state]}
          {status && <RoleBadge role={status.role} />}
        </span>
      </div>
      <button
        type="button"
        className="icon-button"
        data-testid="settings-open"
        aria-label="Settings"
        aria-keyshortcuts="Control+Comma Meta+Comma"
        title="Settings (Ctrl+,)"
        onClick={props.onOpenSettings}
      >
        <Icon path={ICONS.settings} />
      </button>
    </header>
  );
}
