import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import { firstLine, quotedAuthor } from './reply-words';

/** The bar over the composer while a reply is being written: what it answers, and a way out. */
export function ReplyPreview(props: { message: Message; nameOf: (peerId: string) => string; onCancel: () => void }) {
  const author = quotedAuthor(props.message, props.nameOf);
  return (
    <div className="reply-preview" data-testid="reply-preview" role="status">
      <span className="reply-preview-icon">
        <Icon path={ICONS.reply} size={16} />
      </span>
      <span className="reply-preview-body">
        <span className="reply-preview-author">Replying to {author}</span>
        <span className="reply-preview-text">{firstLine(props.message.text)}</span>
      </span>
      <button
        type="button"
        className="icon-button reply-preview-close"
        data-testid="reply-cancel"
        aria-label="Cancel reply"
        title="Cancel reply (Esc)"
        onClick={props.onCancel}
      >
        <Icon path={ICONS.close} size={16} />
      </button>
    </div>
  );
}
