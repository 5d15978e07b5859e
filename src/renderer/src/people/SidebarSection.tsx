import { useId, type ReactNode } from 'react';
import { Icon, ICONS } from '../app/Icon';

/** A titled part of the sidebar that folds away; the fold is remembered in the preferences. */
export function SidebarSection(props: {
  id: string;
  title: string;
  collapsed: boolean;
  onToggle: (id: string) => void;
  /** Shown beside the title while folded, e.g. how many unread there are inside. */
  badge?: ReactNode;
  /** A button beside the heading, e.g. "New group"; outside the toggle, so it is a control of its own. */
  action?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  const bodyId = useId();
  return (
    <section className="sidebar-section" aria-labelledby={headingId} data-testid={`section-${props.id}`}>
      <div className="sidebar-heading-row">
        <h2 className="sidebar-heading" id={headingId}>
          <button
            type="button"
            className="section-toggle"
            aria-expanded={!props.collapsed}
            aria-controls={bodyId}
            onClick={() => props.onToggle(props.id)}
          >
            <span className="section-chevron" data-collapsed={props.collapsed ? 'true' : undefined}>
              <Icon path={ICONS.chevron} size={16} />
            </span>
            {props.title}
            {props.collapsed && props.badge}
          </button>
        </h2>
        {props.action}
      </div>
      <div id={bodyId} hidden={props.collapsed}>
        {props.children}
      </div>
    </section>
  );
}
