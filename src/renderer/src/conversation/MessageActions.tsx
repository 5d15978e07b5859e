import { useState } from 'react';
import type { Message } from '../../../core/model';
import { Icon, ICONS } from '../app/Icon';

interface MessageAction {
  id: string;
  label: string;
  icon: string;
  run(): void;
}

/**
 * The small toolbar that appears on a message under the pointer or focus.
 * Actions are a list, so editing, deleting and reactions join it as the
 * backend grows them; each is a real button with its own name.
 */
export function MessageActions(props: { message: Message; onReply: (message: Message) => void }) {
  const { message } = props;
  const [copied, setCopied] = useState(false);
  const actions: MessageAction[] = [
    { id: 'reply', label: 'Reply to this message', icon: ICONS.reply, run: () => props.onReply(message) },
    {
      id: 'copy',
      label: copied ? 'Copied' : 'Copy text',
      icon: copied ? ICONS.tick : ICONS.copy,
      run: () =>
        void navigator.clipboard.writeText(message.text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => {}, // the clipboard was refused; the text can still be selected by hand
        ),
    },
  ];
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      {actions.map((action) => (
        <button
          key={action.id}
          type="button"
          className="icon-button message-action"
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
