import type { Message } from '../../../core/model';
import { fullTime } from './message-time';

/** The mark beside an outgoing bubble's time; each has one fixed width, so a receipt arriving never resizes the bubble. */
export type ReceiptMark = 'clock' | 'tick' | 'ticks';
/** How far it got: waiting to go out, out, with everyone, read by everyone. */
export type ReceiptTone = 'pending' | 'sent' | 'delivered' | 'read';

export interface Receipt {
  mark: ReceiptMark;
  tone: ReceiptTone;
  /** The words for a tooltip and a screen reader: "delivered to 2 of 3, read by 1". */
  label: string;
}

const direct: Record<'pending' | 'sent' | 'delivered', Receipt> = {
  pending: { mark: 'clock', tone: 'pending', label: 'queued, waiting for them to come online' },
  sent: { mark: 'tick', tone: 'sent', label: 'sent' },
  delivered: { mark: 'ticks', tone: 'delivered', label: 'delivered' },
};

/**
 * In a group, "delivered" means every other member has it (docs/MESSAGING.md),
 * so the counts say how far along it is: one tick until everyone has it, two
 * once they do, and the read colour once everyone has read it.
 */
function groupReceipt(message: Message, counts: NonNullable<Message['receipts']>): Receipt {
  const { delivered, read, of } = counts;
  if (of === 0) return { mark: 'tick', tone: 'sent', label: 'sent; nobody else is in the group yet' };
  if (read >= of) return { mark: 'ticks', tone: 'read', label: of === 1 ? 'read' : `read by all ${of}` };
  const readPart = read > 0 ? `, read by ${read}` : '';
  if (delivered >= of) return { mark: 'ticks', tone: 'delivered', label: `delivered to all ${of}${readPart}` };
  if (delivered === 0 && message.state === 'pending') {
    return { mark: 'clock', tone: 'pending', label: 'queued, waiting for members to come online' };
  }
  return { mark: 'tick', tone: 'sent', label: `delivered to ${delivered} of ${of}${readPart}` };
}

/** What an outgoing message's mark says; nothing for incoming messages and membership lines. */
export function receiptOf(message: Message): Receipt | undefined {
  if (!message.outgoing || message.kind !== 'text' || message.state === 'received') return undefined;
  if (message.receipts) return groupReceipt(message, message.receipts);
  // The recipient's read receipt outranks the delivery state.
  if (message.readAt !== null) return { mark: 'ticks', tone: 'read', label: `read ${fullTime(message.readAt)}` };
  return direct[message.state];
}
