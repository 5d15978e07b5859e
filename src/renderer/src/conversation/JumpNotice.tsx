import { MAX_JUMP_PAGES, type JumpOutcome } from './use-message-jump';
import { PAGE_SIZE } from './use-conversation';

const outcomeWords: Record<Exclude<JumpOutcome, 'found'>, string> = {
  'too-far': `That message is more than ${(MAX_JUMP_PAGES * PAGE_SIZE).toLocaleString()} messages back. Scroll up to load earlier messages.`,
  missing: 'That message is no longer in this conversation.',
  failed: 'Earlier messages did not load, so the message cannot be shown.',
};

/** Says what happened to a jump (from a search result or a reply's quote) while it is slow or when it cannot land. */
export function JumpNotice(props: { seeking: boolean; outcome: JumpOutcome | undefined; onDismiss: () => void }) {
  if (props.seeking) {
    return (
      <p className="jump-notice" data-testid="jump-progress" role="status">
        <span className="spinner" aria-hidden="true" />
        Finding the message…
      </p>
    );
  }
  if (!props.outcome || props.outcome === 'found') return null;
  return (
    <p className="jump-notice" data-testid="jump-notice" data-outcome={props.outcome} role="status">
      {outcomeWords[props.outcome]}
      <button type="button" className="button subtle" data-testid="jump-dismiss" onClick={props.onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
