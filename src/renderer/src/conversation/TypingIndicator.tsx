/**
 * "Bob is typing…" above the composer ("Bob and Cy are typing…" in a
 * group). The row keeps its height whether or not anyone is typing, so the
 * messages above never move, and it stays in the page as a live region so
 * screen readers hear it appear.
 */
export function TypingIndicator(props: { sentence: string }) {
  return (
    <div className="typing-row" role="status">
      {props.sentence && (
        <span className="typing-indicator" data-testid="typing-indicator">
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {props.sentence}
        </span>
      )}
    </div>
  );
}
