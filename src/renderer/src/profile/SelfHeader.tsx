import { shortPeerId } from '../../../core/identity';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { Avatar } from '../people/Avatar';
import { RoleBadge } from '../people/RoleBadge';

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
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M3 17.25V21h3.75L17.8 9.94l-3.75-3.75L3 17.25zm17.7-10.2a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"
          />
        </svg>
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
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-6v2h3v2H7v-2h3v-2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9h16V6H4z"
          />
        </svg>
      </button>
    </header>
  );
}
