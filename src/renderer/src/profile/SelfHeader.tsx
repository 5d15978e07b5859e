import { shortPeerId } from '../../../core/identity';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Avatar } from '../people/Avatar';
import { RoleBadge } from '../people/RoleBadge';
import { ICONS, Icon } from '../app/Icon';

const connectionWords = { open: 'online', connecting: 'connecting…', down: 'offline' } as const;

/** Who I am, as others see me, and whether this window reaches its backend. */
export function SelfHeader(props: { status: Status | undefined; onRename: () => void; onShowComputer: () => void }) {
  const { state } = useBackend();
  const { status } = props;
  const name = status?.name ?? '…';
  return (
    <header className="self-header">
      {status && <Avatar peerId={status.peerId} name={status.name} size="large" />}
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
        aria-label="Change your display name"
        title="Change your display name"
        onClick={props.onRename}
        disabled={!status || state !== 'open'}
      >
        <Icon path={ICONS.pencil} />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="computer-open"
        aria-label="This computer: role and capabilities"
        title="This computer"
        onClick={props.onShowComputer}
        disabled={!status}
      >
        <Icon path={ICONS.computer} />
      </button>
    </header>
  );
}
