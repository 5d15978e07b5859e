import { isGroupId, type Message } from '../../../core/model';
import { dayKey, dayLabel } from './message-time';

/** Messages from one author closer together than this read as one run of bubbles. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * One row of the message list: a day divider or a message. `startsGroup` and
 * `endsGroup` say where a run of bubbles by the same author begins and ends,
 * which decides the spacing, the bubble corners and where the time shows.
 */
export type MessageRow =
  | { kind: 'day'; key: string; label: string; anchorable: false }
  | { kind: 'message'; key: string; message: Message; startsGroup: boolean; endsGroup: boolean };

// A history of 100,000 messages is rebuilt on every change; the day of each is worked out once.
const dayOf = new WeakMap<Message, string>();
function cachedDay(message: Message): string {
  let day = dayOf.get(message);
  if (day === undefined) {
    day = dayKey(message.sentAt);
    dayOf.set(message, day);
  }
  return day;
}

/** Whether `next` continues the run of bubbles `previous` belongs to; a membership line stands alone. */
export function continuesGroup(previous: Message | undefined, next: Message): boolean {
  return (
    previous !== undefined &&
    previous.kind === 'text' &&
    next.kind === 'text' &&
    previous.from === next.from &&
    next.sentAt - previous.sentAt < GROUP_GAP_MS &&
    next.sentAt >= previous.sentAt &&
    cachedDay(previous) === cachedDay(next)
  );
}

/** The rows for messages sorted oldest first: a divider before each new day, runs marked at both ends. */
export function buildRows(messages: readonly Message[], now = Date.now()): MessageRow[] {
  const rows: MessageRow[] = [];
  let previousDay: string | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const day = cachedDay(message);
    if (day !== previousDay) {
      rows.push({ kind: 'day', key: `day:${day}`, label: dayLabel(message.sentAt, now), anchorable: false });
      previousDay = day;
    }
    const next = messages[i + 1];
    rows.push({
      kind: 'message',
      key: message.id,
      message,
      startsGroup: !continuesGroup(messages[i - 1], message),
      endsGroup: next === undefined || !continuesGroup(message, next),
    });
  }
  return rows;
}

/**
 * A first guess at a row's height before it has been drawn, from its text:
 * close enough that the scrollbar barely moves when the real height arrives.
 */
export function estimateRowHeight(row: MessageRow, charsPerLine: number): number {
  if (row.kind === 'day') return 40;
  const { message } = row;
  if (message.kind === 'event') return 30;
  const text = message.deleted ? '' : message.text;
  let lines = 0;
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(line.length / Math.max(8, charsPerLine)));
  const code = text.includes('```') ? 24 : 0;
  const quote = message.replyTo !== null && !message.deleted ? 40 : 0;
  const reactions = message.reactions.length > 0 && !message.deleted ? 30 : 0;
  // A group's incoming run opens with its author's name.
  const author = row.startsGroup && !message.outgoing && isGroupId(message.conversation) ? 18 : 0;
  return 20 * lines + 28 + (row.endsGroup ? 10 : 0) + code + quote + reactions + author;
}
