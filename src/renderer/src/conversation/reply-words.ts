import type { Message } from '../../../core/model';

/** Who wrote a quoted message, as the reader of this window calls them. */
export function quotedAuthor(message: Message, nameOf: (peerId: string) => string): string {
  return message.outgoing ? 'You' : nameOf(message.from);
}

/** A quote shows one line; a message that opens with blank lines is quoted by its first words instead. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}
