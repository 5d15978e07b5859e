import type { Message } from '../../../core/model';

/** What a one-line preview (the sidebar, a notification) says of a message: its text, or the files it shares. */
export function previewText(message: Pick<Message, 'text' | 'file'>): string {
  if (message.text || !message.file) return message.text;
  const { name, entries } = message.file;
  return entries.length > 1 ? `📎 ${name} (${entries.length} files)` : `📎 ${name}`;
}
