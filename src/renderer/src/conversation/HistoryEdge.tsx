import type { ReactNode } from 'react';
import { Avatar } from '../people/Avatar';

/**
 * What sits above the oldest loaded message: while there is more, a row of
 * one height whatever it says (so loading does not nudge the messages); at
 * the beginning, the conversation's introduction.
 */
export function HistoryEdge(props: {
  peerId: string;
  peerName: string;
  complete: boolean;
  loading: boolean;
  error: string | undefined;
  onRetry: () => void;
}) {
  if (props.complete) return <ConversationIntro peerId={props.peerId} peerName={props.peerName} testId="history-start" />;
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
export function ConversationIntro(props: { peerId: string; peerName: string; testId: string; children?: ReactNode }) {
  return (
    <div className="conversation-intro" data-testid={props.testId}>
      <Avatar peerId={props.peerId} name={props.peerName} size="huge" />
      <h2 className="intro-name">{props.peerName}</h2>
      <p className="intro-text">
        This is the beginning of your conversation with {props.peerName}. Messages go straight between your two computers, signed
        and end-to-end encrypted.
      </p>
      {props.children}
    </div>
  );
}
