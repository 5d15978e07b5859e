import type { Message } from '../../../core/model';
import { mentionsSelf, plainPreview } from '../conversation/rich-text';
import { previewText } from '../files/file-words';

/** What the person asked to hear about. */
export type NotifyLevel = 'all' | 'mentions' | 'off';

export interface NotificationContext {
  level: NotifyLevel;
  /** The window has focus and is visible: the person sees the app, so no system notification. */
  attended: boolean;
  /** The reader's display name, for mentions. */
  selfName: string;
  /** Everyone's names, so "@Ada Lovelace" is read as one mention. */
  names: readonly string[];
  /** The author's name as shown in this window. */
  authorName: string;
  /** The group's name, for a message in a group: "Bob in Design". */
  groupName?: string;
  /** Whether to put the message text in the notification (off for screens others can see). */
  showText: boolean;
}

export interface NotificationRequest {
  /** Also the tag: a second notification for the same message replaces the first. */
  messageId: string;
  conversation: string;
  title: string;
  body: string;
  mention: boolean;
}

/**
 * Whether a message that just arrived deserves a system notification, and
 * what it says. Only new incoming messages count (the caller filters repeats
 * of the same id), not membership lines or deletions; a mention of the reader
 * is always worth one unless notifications are off, and says so in its title.
 */
export function notificationFor(message: Message, context: NotificationContext): NotificationRequest | undefined {
  if (message.outgoing || message.readAt !== null || context.level === 'off' || context.attended) return undefined;
  if (message.kind !== 'text' || message.deleted) return undefined;
  const mention = mentionsSelf(message.text, context.selfName, context.names);
  if (context.level === 'mentions' && !mention) return undefined;
  const where = context.groupName === undefined ? '' : ` in ${context.groupName}`;
  return {
    messageId: message.id,
    conversation: message.conversation,
    title: mention ? `${context.authorName} mentioned you${where}` : `${context.authorName}${where}`,
    body: context.showText ? plainPreview(previewText(message)) : 'New message',
    mention,
  };
}
