import type { Message, MessageState } from '../../../core/model';

/** Author clocks can tie; the id breaks the tie the same way on every screen. */
export function compareMessages(a: Message, b: Message): number {
  return a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const progress: Record<MessageState, number> = { pending: 0, sent: 1, delivered: 2, received: 2 };

/**
 * Copies of one message arrive by several routes (the `messages.send` answer,
 * events, a refetch after reconnecting) in no guaranteed order. A state only
 * moves forward, so the further one is the newer copy; being read is never
 * undone, so a read time either copy carries is kept.
 */
function newerCopy(known: Message | undefined, arriving: Message): Message {
  const further = known && progress[known.state] > progress[arriving.state] ? known : arriving;
  const readAt = further.readAt ?? known?.readAt ?? arriving.readAt;
  return readAt === further.readAt ? further : { ...further, readAt };
}

/** Inserts or replaces by id, keeping the order. */
export function upsertMessage(list: readonly Message[], message: Message): Message[] {
  const known = list.find((m) => m.id === message.id);
  return [...list.filter((m) => m.id !== message.id), newerCopy(known, message)].sort(compareMessages);
}

/** Merges a fetched page with the copies this window already holds. */
export function mergeMessages(fetched: readonly Message[], held: readonly Message[]): Message[] {
  const byId = new Map(held.map((m) => [m.id, m]));
  for (const m of fetched) byId.set(m.id, newerCopy(byId.get(m.id), m));
  return [...byId.values()].sort(compareMessages);
}
