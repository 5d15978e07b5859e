import { useId, type ReactNode } from 'react';
import { Icon, ICONS } from '../app/Icon';

/**
 * The right-hand pane beside a conversation, for a person or a group: a
 * dialog-like region that Esc or its close button hides, scrolling inside.
 */
export function DetailsFrame(props: { onClose: () => void; children: ReactNode }) {
  const titleId = useId();
  return (
    <aside className="details-pane" aria-labelledby={titleId} data-testid="details-pane">
      <header className="details-header">
        <h2 id={titleId}>Details</h2>
        <button
          type="button"
          className="icon-button"
          data-testid="details-close"
          aria-label="Close details"
          onClick={props.onClose}
        >
          <Icon path={ICONS.close} />
        </button>
      </header>
      <div className="details-scroll">{props.children}</div>
    </aside>
  );
}

/** One titled block of the details pane. */
export function DetailsSection(props: { title: string; testId: string; action?: ReactNode; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="details-section" aria-labelledby={titleId} data-testid={props.testId}>
      <div className="details-section-head">
        <h3 id={titleId} className="section-heading">
          {props.title}
        </h3>
        {props.action}
      </div>
      {props.children}
    </section>
  );
}
