import type { ReactNode } from 'react';

/**
 * What sits above the oldest loaded message: while there is more, a row of
 * one height whatever it says (so loading does not nudge the messages); at
 * the beginning, the conversation's introduction.
 */
export function HistoryEdge(props: {
  intro: ReactNode;
  complete: boolean;
  loading: boolean;
  error: string | undefined;
  onRetry: () => void;
}) {
  if (props.complete) return props.intro;
  if (props.loading) {
    return (
      <p className="history-edge" data-testid="history-loading" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading earlier messages…
      </p>
    );
  }
  if (props.error) {
    return (
      <p className="history-edge history-error" data-testid="history-error" role="alert">
        {`Earlier messages did not load: ${props.error}`}
        <button type="button" className="button subtle" data-testid="history-retry" onClick={props.onRetry}>
          Try again
        </button>
      </p>
    );
  }
  return <p className="history-edge" aria-hidden="true" />;
}

/** The top of a conversation: who it is with, and where its messages go. */
export function ConversationIntro(props: {
  avatar: ReactNode;
  title: string;
  text: string;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div className="conversation-intro" data-testid={props.testId}>
      {props.avatar}
      <h2 className="intro-name">{props.title}</h2>
      <p className="intro-text">{props.text}</p>
      {props.children}
    </div>
  );
}
