import type { StoredMessage } from '../store';
import { offerOf } from './attachments';
import type { MessagingContext } from './context';
import type { Groups } from './groups';

/**
 * What a message does once it shows: text appears (with any edits or deletes
 * that arrived before it), edits and deletes change their target (only the
 * target's author may), reactions are counted, membership changes re-derive
 * the group, and files become offers (unless their message was deleted first).
 */
export class Effects {
  constructor(
    private readonly ctx: MessagingContext,
    private readonly groups: Groups,
  ) {}

  apply(message: StoredMessage): void {
    const { store } = this.ctx;
    switch (message.kind) {
      case 'text': {
        for (const effect of store.effectsOn(message.id)) this.applyTo(message, effect);
        const offer = offerOf(message);
        if (offer && !store.getMessage(message.id)?.deleted) this.ctx.files.shown(message, offer);
        return this.announce(message.id);
      }
      case 'edit':
      case 'delete': {
        const target = message.target ? store.getMessage(message.target) : undefined;
        if (target && target.heldSince === null) {
          this.applyTo(target, message);
          this.announce(target.id);
        }
        return;
      }
      case 'react': {
        const { emoji, on } = JSON.parse(message.content!) as { emoji: string; on: boolean };
        store.setReaction(message.target!, message.from, emoji, on, message.sentAt);
        return this.announce(message.target!);
      }
      case 'group':
        this.groups.recompute(message.conversation);
        return this.announce(message.id);
      case 'sealed':
        return;
    }
  }

  private applyTo(target: StoredMessage, effect: StoredMessage): void {
    if (effect.from !== target.from || target.kind !== 'text') return;
    if (effect.kind === 'edit') {
      const { text } = JSON.parse(effect.content!) as { text: string };
      this.ctx.store.applyEdit(target.id, text, effect.sentAt);
    } else if (effect.kind === 'delete') {
      const offer = offerOf(target);
      // Before the delete forgets the offer: nobody should go on serving what its author took back.
      if (offer) this.ctx.files.withdrawn(offer.id);
      this.ctx.store.applyDelete(target.id);
    }
  }

  private announce(id: string): void {
    const message = this.ctx.store.getMessage(id);
    if (message && message.heldSince === null) this.ctx.changed(message);
  }
}
