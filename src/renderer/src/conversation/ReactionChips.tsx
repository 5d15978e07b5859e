import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import type { MessageContext, MessageHandlers } from './message-handlers';
import { reactedBySelf, reactionLabel } from './reaction-words';

/**
 * The reactions under a bubble: each emoji with its count, pressed when one
 * is ours. Pressing ours takes it back; pressing another's adds ours, as in
 * Slack. The name and tooltip say who reacted.
 */
export function ReactionChips(props: { message: Message; context: MessageContext; handlers: MessageHandlers }) {
  const { message, context, handlers } = props;
  return (
    <div className="reactions" role="group" aria-label="Reactions" data-testid="reactions">
      {message.reactions.map((reaction) => {
        const mine = reactedBySelf(reaction, context.selfId);
        const label = reactionLabel(reaction, context.selfId, context.nameOf);
        return (
          <button
            key={reaction.emoji}
            type="button"
            className="reaction-chip"
            data-testid="reaction"
            data-emoji={reaction.emoji}
            data-mine={String(mine)}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            disabled={!context.writable}
            onClick={() => handlers.react(message, reaction.emoji, !mine)}
          >
            <span className="reaction-emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction-count" aria-hidden="true">
              {reaction.by.length}
            </span>
          </button>
        );
      })}
      {context.writable && (
        <button
          type="button"
          className="reaction-chip reaction-add"
          aria-label="Add a reaction"
          title="Add a reaction"
          onClick={(event) => handlers.pickReaction(message, event.currentTarget)}
        >
          <Icon path={ICONS.smile} size={14} />
        </button>
      )}
    </div>
  );
}
