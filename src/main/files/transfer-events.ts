import type { TransferSnapshot } from '../../core/files/transfer-model';

/** At most this many progress events per second per file; a change of state always goes at once. */
const PER_SECOND = 4;

/**
 * Progress is reported on every chunk (hundreds a second); a window or a
 * script needs a few. This passes each file's changes of state at once and
 * its progress at most PER_SECOND times a second, always ending with the
 * newest snapshot, and says when an offer's state changed so its message can
 * be shown again.
 */
export class TransferEvents {
  private readonly last = new Map<string, { state: string; at: number }>();
  private readonly held = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly latest = new Map<string, TransferSnapshot>();

  constructor(
    private readonly emit: (snapshot: TransferSnapshot) => void,
    private readonly stateChanged: (snapshot: TransferSnapshot) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(snapshot: TransferSnapshot): void {
    const id = `${snapshot.offerId}/${snapshot.entry}`;
    const previous = this.last.get(id);
    const now = this.now();
    if (!previous || previous.state !== snapshot.state) {
      this.flush(id, snapshot, now);
      this.stateChanged(snapshot);
      return;
    }
    this.latest.set(id, snapshot);
    if (this.held.has(id)) return;
    const wait = Math.max(0, previous.at + 1000 / PER_SECOND - now);
    if (wait === 0) return this.flush(id, snapshot, now);
    this.held.set(
      id,
      setTimeout(() => this.flush(id, this.latest.get(id)!, this.now()), wait),
    );
  }

  private flush(id: string, snapshot: TransferSnapshot, now: number): void {
    clearTimeout(this.held.get(id));
    this.held.delete(id);
    this.latest.delete(id);
    this.last.set(id, { state: snapshot.state, at: now });
    this.emit(snapshot);
  }

  stop(): void {
    for (const timer of this.held.values()) clearTimeout(timer);
    this.held.clear();
  }
}
