/**
 * The row above the oldest loaded message. It keeps one height whatever it
 * says, so the messages below do not move when loading starts or ends.
 */
export function HistoryEdge(props: {
  peerName: string;
  complete: boolean;
  loading: boolean;
  error: string | undefined;
  onRetry: () => void;
}) {
  if (props.complete) {
    return (
      <p className="history-edge history-start" data-testid="history-start">
        Beginning of your conversation with {props.peerName}
      </p>
    );
  }
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
