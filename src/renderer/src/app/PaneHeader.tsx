import type { ReactNode } from 'react';

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
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z"
            />
          </svg>
        </button>
      </div>
    </header>
  );
}
