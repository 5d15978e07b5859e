import { z } from 'zod';
import { utf8 } from '../../core/bytes';
import { LanlineError } from '../../core/errors';
import type { PipeBase } from '../../core/pipe';
import { AnswerSchema, OfferSchema, RefusalSchema, type Answer, type Offer, type Refusal } from '../signalling/protocol';

/**
 * The few messages a relayed dial exchanges inside the secure pipe, before
 * the pipe either closes (WebRTC worked) or becomes the link itself:
 *
 *   dialler  → { t: 'dial', offer }            a signed offer, as on /signal
 *   listener → { t: 'answer', answer }         or { t: 'refuse', refusal }, or { t: 'no-rtc' }
 *   dialler  → { t: 'use', via: 'rtc' | 'relay' }
 *
 * They travel end to end encrypted, so the relay sees neither the SDP (with
 * its addresses) nor who answered what.
 */
export const PreambleSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('dial'), offer: OfferSchema }),
  z.strictObject({ t: z.literal('answer'), answer: AnswerSchema }),
  z.strictObject({ t: z.literal('refuse'), refusal: RefusalSchema }),
  z.strictObject({ t: z.literal('no-rtc') }),
  z.strictObject({ t: z.literal('use'), via: z.enum(['rtc', 'relay']) }),
]);
export type Preamble = z.infer<typeof PreambleSchema>;
export type PreambleOf<T extends Preamble['t']> = Extract<Preamble, { t: T }>;

/** The SDP is the largest part; a signalling message is capped at 64 KiB. */
const MAX_PREAMBLE_BYTES = 70 * 1024;

export function sendPreamble(pipe: PipeBase, message: Preamble): void {
  pipe.send(utf8.encode(JSON.stringify(message)));
}

/**
 * Reads preamble messages in order. On the message `isLast` picks it stops
 * reading at once and has the pipe hold what follows, so the link that takes
 * the pipe over next sees everything after it (the peer's hello can be in the
 * same packet). `detach()` stops reading too.
 */
export class PreambleReader {
  private readonly queue: Preamble[] = [];
  private waiter: { resolve(m: Preamble): void; reject(e: Error): void } | undefined;
  private problem: LanlineError | undefined;
  private readonly disposers: Array<() => void>;

  constructor(
    private readonly pipe: PipeBase,
    private readonly isLast: (message: Preamble) => boolean = () => false,
  ) {
    this.disposers = [
      pipe.onDidReceive((bytes) => this.receive(bytes)),
      pipe.onDidClose(() => this.fail(new LanlineError('closed', 'the relayed pipe closed during the dial'))),
    ];
  }

  private receive(bytes: Uint8Array): void {
    let message: Preamble | undefined;
    if (bytes.length <= MAX_PREAMBLE_BYTES) {
      try {
        const parsed = PreambleSchema.safeParse(JSON.parse(utf8.decode(bytes)));
        if (parsed.success) message = parsed.data;
      } catch {
        // fall through: not a preamble message
      }
    }
    if (!message) {
      this.fail(new LanlineError('invalid-input', 'the other side sent something that is not part of a relayed dial'));
      return this.pipe.close();
    }
    if (this.isLast(message)) {
      this.pipe.holdUntilNextListener();
      this.detach();
    }
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve(message);
    } else this.queue.push(message);
  }

  private fail(error: LanlineError): void {
    this.problem ??= error;
    this.waiter?.reject(error);
    this.waiter = undefined;
  }

  /** The next message, which must be one of `types`. */
  async next<T extends Preamble['t']>(types: T[], timeoutMs: number): Promise<PreambleOf<T>> {
    const message =
      this.queue.shift() ??
      (await new Promise<Preamble>((resolve, reject) => {
        if (this.problem) return reject(this.problem);
        const timer = setTimeout(() => {
          this.waiter = undefined;
          reject(new LanlineError('timeout', 'the other side stopped answering during a relayed dial'));
        }, timeoutMs);
        this.waiter = {
          resolve: (m) => (clearTimeout(timer), resolve(m)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
      }));
    if (!(types as string[]).includes(message.t)) {
      this.pipe.close();
      throw new LanlineError('invalid-input', `expected ${types.join(' or ')} in a relayed dial, got ${message.t}`);
    }
    return message as PreambleOf<T>;
  }

  detach(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }
}

export type { Answer, Offer, Refusal };
