import type { KeepAnswer, KeepState, ReplicaRequests } from '../../core/files/replication';
import type { Logger } from '../../core/platform';
import type { OfferRow, ReplicaStatus, TransferStore } from './transfer-store';

/**
 * The owner's side of replication: ask the super peer to keep each file of an
 * offer, follow its answers, and tell it when the offer is withdrawn. The
 * offer's status is its files' together: complete when all are, refused when
 * any is (the reason says why), fetching otherwise.
 */
export class ReplicaRequester {
  /** root → the offer it belongs to, and that file's last answer. */
  private readonly files = new Map<string, { offer: OfferRow; state: KeepState | 'asked' }>();

  constructor(
    private readonly requests: ReplicaRequests,
    private readonly store: TransferStore,
    private readonly log: Logger,
    private readonly changed: (offerId: string) => void,
  ) {
    requests.onDidAnswer.on((answer) => this.answered(answer));
  }

  ask(offer: OfferRow, peer: string): void {
    for (const entry of offer.offer.manifest.entries) this.files.set(entry.root, { offer, state: 'asked' });
    const sent = offer.offer.manifest.entries.every((entry) => this.requests.ask(peer, entry));
    this.set(offer, sent ? { peer, state: 'asked', reason: null } : { peer, state: 'refused', reason: 'not connected' });
    this.log.info('asked a super peer to keep a copy', { offerId: offer.offerId, peer, sent });
  }

  withdraw(offer: OfferRow): void {
    if (!offer.replica || offer.replica.state === 'refused') return;
    for (const entry of offer.offer.manifest.entries) {
      this.files.delete(entry.root);
      this.requests.withdraw(offer.replica.peer, entry.root);
    }
  }

  private answered({ peer, root, state, reason }: KeepAnswer): void {
    const file = this.files.get(root);
    if (!file || file.offer.replica?.peer !== peer) return;
    file.state = state;
    const states = file.offer.offer.manifest.entries.map((e) => this.files.get(e.root)?.state ?? 'asked');
    const overall: ReplicaStatus['state'] = states.includes('refused')
      ? 'refused'
      : states.every((s) => s === 'complete')
        ? 'complete'
        : states.some((s) => s === 'fetching' || s === 'complete')
          ? 'fetching'
          : 'asked';
    if (state === 'refused') this.log.warn('the super peer will not keep a copy', { peer, reason });
    this.set(file.offer, { peer, state: overall, reason: reason ?? file.offer.replica?.reason ?? null });
  }

  private set(offer: OfferRow, replica: ReplicaStatus): void {
    offer.replica = replica;
    this.store.setReplica(offer.offerId, replica);
    this.changed(offer.offerId);
  }
}
