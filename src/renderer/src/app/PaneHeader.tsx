import type { ReactNode } from 'react';
import { ICONS, Icon } from './Icon';

/** The header of a main-pane view: title, a line under it, actions, and a way back to the conversations. */
export function PaneHeader(props: {
  titleId: string;
  title: string;
  subtitle: ReactNode;
  subtitleTestId?: string;
  actions?: ReactNode;
  onClose: () => void;
}) {
  return (
    <header className="pane-header">
      <div className="pane-title">
        <h1 id={props.titleId}>{props.title}</h1>
        <p className="pane-subtitle" data-testid={props.subtitleTestId}>
          {props.subtitle}
        </p>
      </div>
      <div className="pane-actions">
        {props.actions}
        <button
          type="button"
          className="icon-button"
          data-testid="pane-close"
          aria-label={`Close ${props.title}`}
          title="Back to conversations"
          onClick={props.onClose}
        >
          <Icon path={ICONS.close} />
        </button>
      </div>
    </header>
  );
}
