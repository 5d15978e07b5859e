import { ICONS, Icon } from '../app/Icon';
import type { MainView } from '../app/main-view';

function NavButton(props: { testId: string; label: string; current?: boolean; onClick: () => void; icon: string }) {
  return (
    <button
      type="button"
      className="nav-button"
      data-testid={props.testId}
      aria-label={props.label}
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onClick}
    >
      <Icon path={props.icon} />
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
      <NavButton testId="invite-open" label="Invite someone" onClick={props.onInvite} icon={ICONS.invite} />
      <NavButton
        testId="network-open"
        label="Network"
        current={props.view === 'network'}
        onClick={() => props.onShow('network')}
        icon={ICONS.network}
      />
      <NavButton
        testId="doctor-open"
        label="Network check"
        current={props.view === 'doctor'}
        onClick={() => props.onShow('doctor')}
        icon={ICONS.check}
      />
    </div>
  );
}
