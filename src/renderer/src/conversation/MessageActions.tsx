import { useEffect, useState, type MouseEvent } from 'react';
import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';
import type { MessageContext, MessageHandlers } from './message-handlers';

interface MessageAction {
  id: string;
  label: string;
  icon: string;
  run(event: MouseEvent<HTMLButtonElement>): void;
}

/**
 * The small toolbar that appears on a message under the pointer or focus:
 * react, reply, copy, and on our own messages edit and delete. Each is a
 * real button with its own name. It floats over the row's top edge, so its
 * length never takes room from the bubble.
 */
export function MessageActions(props: { message: Message; context: MessageContext; handlers: MessageHandlers }) {
  const { message, context, handlers } = props;
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const own = message.outgoing && context.writable;
  const actions: MessageAction[] = [
    ...(context.writable
      ? [
          {
            id: 'react',
            label: 'Add a reaction',
            icon: ICONS.smile,
            run: (e: MouseEvent<HTMLButtonElement>) => handlers.pickReaction(message, e.currentTarget),
          },
        ]
      : []),
    ...(context.writable
      ? [{ id: 'reply', label: 'Reply to this message', icon: ICONS.reply, run: () => handlers.reply(message) }]
      : []),
    ...(own ? [{ id: 'edit', label: 'Edit your message', icon: ICONS.pencil, run: () => handlers.startEdit(message) }] : []),
    {
      id: 'copy',
      label: copied ? 'Copied' : 'Copy text',
      icon: copied ? ICONS.tick : ICONS.copy,
      run: () =>
        void navigator.clipboard.writeText(message.text).then(
          () => setCopied(true),
          () => {}, // the clipboard was refused; the text can still be selected by hand
        ),
    },
    ...(own ? [{ id: 'delete', label: 'Delete your message', icon: ICONS.trash, run: () => handlers.askDelete(message) }] : []),
  ];
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      {actions.map((action) => (
        <button
          key={action.id}
          type="button"
          className={`icon-button message-action${action.id === 'delete' ? ' danger' : ''}`}
          data-testid={action.id}
          aria-label={action.label}
          title={action.label}
          onClick={action.run}
        >
          <Icon path={action.icon} size={16} />
        </button>
      ))}
    </div>
  );
}
