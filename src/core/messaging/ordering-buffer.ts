import type { Envelope } from '../wire/frames';
import type { StoredMessage } from '../store';
import type { MessagingContext, MessagingEvents } from './context';

/**
 * A message whose epoch key never came (written in an epoch we were not
 * part of, by a member whose clock ran ahead of our joining) is given up on
 * after this many hold periods: kept for its place in the author's sequence, never shown.
 */
const SEALED_GIVE_UP_HOLDS = 10;
/** Messages one author may have waiting here; beyond that they are refused (not acknowledged) until earlier ones arrive. */
export const MAX_HELD_PER_AUTHOR = 500;

/** A held row whose key has not arrived, so its content is still sealed. */
export const isUnopened = (m: StoredMessage): boolean => m.kind === 'text' && m.text === '' && m.content === null && !m.deleted;

export interface BufferHooks {
  /** Opens a held message whose key may have arrived; false while the key is still missing. */
  open(message: StoredMessage): boolean;
  /** Gives up on opening a held message: it keeps its place but never shows. */
  seal(message: StoredMessage): void;
  /** A message became visible: apply it and tell the UI. */
  show(message: StoredMessage): void;
}

/**
 * The per-conversation ordering buffer. A message shows only once its
 * author's previous message and every dependency it names are shown, so a
 * reply never appears before what it answers. Held messages are stored (and
 * acknowledged) like any other, so a crash loses none of them; the wait is
 * bounded (timing.holdMaxMs, then it shows anyway while anti-entropy keeps
 * looking for what it follows), and the UI shows how many are waiting.
 */
export class OrderingBuffer {
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ctx: MessagingContext,
    private readonly events: MessagingEvents,
    private readonly hooks: BufferHooks,
  ) {}

  isReady(conversation: string, envelope: Pick<Envelope, 'from' | 'seq' | 'deps'>): boolean {
    const { store } = this.ctx;
    if (envelope.seq > 1 && store.readyUpTo(conversation, envelope.from) < envelope.seq - 1) return false;
    return envelope.deps.every(([author, seq]) => author === envelope.from || store.readyUpTo(conversation, author) >= seq);
  }

  canHold(author: string): boolean {
    return this.ctx.store.heldCountFrom(author) < MAX_HELD_PER_AUTHOR;
  }

  /** Shows every held message of the conversation that has become ready, repeating while that frees others. */
  releaseReady(conversation: string): void {
    const { store } = this.ctx;
    let before = -1;
    let held = store.held(conversation);
    if (held.length === 0) return;
    for (let round = 0; held.length > 0 && held.length !== before && round <= held.length; round++) {
      before = held.length;
      for (const message of held) {
        if (isUnopened(message) && !this.hooks.open(message)) continue;
        const envelope = JSON.parse(message.envelope) as Envelope;
        if (this.isReady(conversation, envelope) || store.getMessage(message.id)?.kind === 'sealed') this.show(message.id);
      }
      held = store.held(conversation);
    }
    this.reportWaiting(conversation);
  }

  reportWaiting(conversation: string): void {
    this.events.onDidChangeWaiting.fire({ conversation, waiting: this.ctx.store.held(conversation).length });
  }

  private show(id: string): void {
    this.ctx.store.release(id);
    const message = this.ctx.store.getMessage(id);
    if (message) this.hooks.show(message);
  }

  /** Releases messages that waited too long for their dependencies (those still sealed keep waiting for a key). */
  sweep(): void {
    const now = this.ctx.platform.clock.now();
    const touched = new Set<string>();
    for (const message of this.ctx.store.held()) {
      const waited = now - message.heldSince!;
      const { holdMaxMs } = this.ctx.timing;
      if (waited < holdMaxMs) continue;
      if (isUnopened(message) && !this.hooks.open(message)) {
        if (waited < SEALED_GIVE_UP_HOLDS * holdMaxMs) continue;
        this.hooks.seal(message);
      }
      this.ctx.platform.log.info('showing a message whose predecessors have not arrived', { id: message.id, waitedMs: waited });
      this.show(message.id);
      touched.add(message.conversation);
    }
    for (const conversation of touched) {
      // releaseReady reports only while something is held; a sweep may have shown the last one, and the UI must hear it.
      if (this.ctx.store.held(conversation).length === 0) this.reportWaiting(conversation);
      else this.releaseReady(conversation);
    }
  }

  start(): void {
    clearInterval(this.sweeper);
    this.sweeper = setInterval(() => this.sweep(), Math.min(5_000, this.ctx.timing.holdMaxMs / 4));
    (this.sweeper as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }
}
