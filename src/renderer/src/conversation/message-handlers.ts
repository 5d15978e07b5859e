import type { Message } from '../../../core/model';

/**
 * What a message row can ask of its conversation. One object per
 * conversation, stable across renders, so the memoised rows of the virtual
 * list redraw only when their own message changes.
 */
export interface MessageHandlers {
  reply(message: Message): void;
  /** Brings the message a reply answers into view, loading earlier pages if it is not loaded. */
  showQuoted(messageId: string): void;
  startEdit(message: Message): void;
  /** Resolves once the backend has taken the new text; rejects with what went wrong. */
  saveEdit(message: Message, text: string): Promise<void>;
  endEdit(): void;
  askDelete(message: Message): void;
  /** Opens the reaction picker beside `anchor`. */
  pickReaction(message: Message, anchor: HTMLElement): void;
  react(message: Message, emoji: string, on: boolean): void;
}

/** Who is reading, and how they name everyone else: what every row needs and no row changes. */
export interface MessageContext {
  selfId: string;
  nameOf(peerId: string): string;
  /** In a group each incoming run shows its author's name and avatar. */
  group: boolean;
  /** Whether our own messages can still be edited, deleted and reacted to (not in a group we left). */
  writable: boolean;
}
