import type { Message, MessageState } from '../../../core/model';

/** Author clocks can tie; the id breaks the tie the same way on every screen. */
export function compareMessages(a: Message, b: Message): number {
  return a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const progress: Record<MessageState, number> = { pending: 0, sent: 1, delivered: 2, received: 2 };

type Receipts = Message['receipts'];

/** Group receipts only grow: a member who has a message keeps it, one who read it has read it. */
function furtherReceipts(known: Receipts, arriving: Receipts): Receipts {
  if (!known || !arriving) return arriving ?? known;
  if (known.delivered <= arriving.delivered && known.read <= arriving.read) return arriving;
  return {
    delivered: Math.max(known.delivered, arriving.delivered),
    read: Math.max(known.read, arriving.read),
    of: arriving.of,
  };
}

/**
 * Copies of one message arrive by several routes (a call's answer, events, a
 * refetch after reconnecting) in no guaranteed order. Delivery only moves
 * forward, so the further state wins, a read time either copy carries is
 * kept, and receipts only grow. The text follows the newest edit, and a
 * deletion is never undone by an older copy. Everything else (reactions)
 * comes from the copy arriving, the latest word.
 */
function newerCopy(known: Message | undefined, arriving: Message): Message {
  if (!known) return arriving;
  const state = progress[known.state] > progress[arriving.state] ? known.state : arriving.state;
  const readAt = arriving.readAt ?? known.readAt;
  const receipts = furtherReceipts(known.receipts, arriving.receipts);
  const staleText = !arriving.deleted && (known.deleted || (known.editedAt ?? 0) > (arriving.editedAt ?? 0));
  const text = staleText ? { text: known.text, editedAt: known.editedAt, deleted: known.deleted } : undefined;
  if (state === arriving.state && readAt === arriving.readAt && receipts === arriving.receipts && !text) return arriving;
  return { ...arriving, state, readAt, receipts, ...text };
}

/** Where `message` belongs in a sorted list: the index of its copy, or where it would go. */
function slotOf(list: readonly Message[], message: Message): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareMessages(list[middle]!, message) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Inserts or replaces by id, keeping the order. A binary search, not a sort:
 * a history of 100,000 messages takes one more without a pause. Copies of one
 * message share its id and author time, so they land on the same slot.
 */
export function upsertMessage(list: readonly Message[], message: Message): Message[] {
  const slot = slotOf(list, message);
  const known = list[slot]?.id === message.id ? list[slot] : undefined;
  const next = list.slice();
  if (known) next[slot] = newerCopy(known, message);
  else next.splice(slot, 0, newerCopy(undefined, message));
  return next;
}

/** Merges a fetched page with the copies this window already holds, in one pass over both. */
export function mergeMessages(fetched: readonly Message[], held: readonly Message[]): Message[] {
  const page = [...fetched].sort(compareMessages);
  const merged: Message[] = [];
  let i = 0;
  let j = 0;
  while (i < page.length || j < held.length) {
    const mine = held[j];
    const theirs = page[i];
    const order = theirs === undefined ? 1 : mine === undefined ? -1 : compareMessages(theirs, mine);
    if (order < 0) merged.push(newerCopy(undefined, page[i++]!));
    else if (order > 0) merged.push(held[j++]!);
    else merged.push(newerCopy(held[j++], page[i++]!));
  }
  return merged;
}
