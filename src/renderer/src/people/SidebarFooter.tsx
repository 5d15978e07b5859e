import type { ReactNode } from 'react';
import type { MainView } from '../app/main-view';

function NavButton(props: { testId: string; label: string; current?: boolean; onClick: () => void; icon: ReactNode }) {
  return (
    <button
      type="button"
      className="nav-button"
      data-testid={props.testId}
      aria-label={props.label}
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onClick}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        {props.icon}
      </svg>
      <span>{props.label}</span>
    </button>
  );
}

/** The ways out of the people list: invite someone, see the network, check it. */
export function SidebarFooter(props: {
  view: MainView;
  onInvite: () => void;
  onShow: (view: Exclude<MainView, 'conversation'>) => void;
}) {
  return (
    <div className="sidebar-footer">
      <NavButton
        testId="invite-open"
        label="Invite someone"
        onClick={props.onInvite}
        icon={
          <path
            fill="currentColor"
            d="M10 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-8 1.7-8 4v2h12.5a6 6 0 0 1-.5-2.4c0-1.2.3-2.3.9-3.2A15 15 0 0 0 10 14zm9-1v3h3v2h-3v3h-2v-3h-3v-2h3v-3h2z"
          />
        }
      />
      <NavButton
        testId="network-open"
        label="Network"
        current={props.view === 'network'}
        onClick={() => props.onShow('network')}
        icon={
          <path
            fill="currentColor"
            d="M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM4.5 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm15 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm-15 15a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm15 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM6.2 5.6l3.9 4.2-1.1 1-3.9-4.2zm11.6 0 1.1 1-3.9 4.2-1.1-1zM9 13.2l1.1 1-3.9 4.2-1.1-1zm6 0 3.9 4.2-1.1 1-3.9-4.2z"
          />
        }
      />
      <NavButton
        testId="doctor-open"
        label="Network check"
        current={props.view === 'doctor'}
        onClick={() => props.onShow('doctor')}
        icon={<path fill="currentColor" d="M3 13h3.6l2.2-6 4.4 12 2.5-6H21v-2h-6.7l-1.1 2.6L8.8 1.5 5.2 11H3z" />}
      />
    </div>
  );
}
