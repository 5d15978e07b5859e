import type { Identity, PeerId } from '../identity';
import type { GroupId } from '../model';
import type { EngineStore } from '../store';
import { directKey } from './envelope';

/** The keys this node reads and writes conversations with: derived per peer, or held per group epoch. */
export class KeyRing {
  private readonly direct = new Map<PeerId, Uint8Array>();
  private readonly epochs = new Map<string, Uint8Array>();

  constructor(
    private readonly identity: Identity,
    private readonly store: EngineStore,
  ) {}

  /** The pair's key, derived once per peer (docs/E2E.md). */
  directWith(peer: PeerId): Uint8Array {
    let key = this.direct.get(peer);
    if (!key) {
      key = directKey(this.identity, peer);
      this.direct.set(peer, key);
    }
    return key;
  }

  epoch(group: GroupId, epoch: string): Uint8Array | undefined {
    const id = `${group}/${epoch}`;
    let key = this.epochs.get(id);
    if (!key) {
      key = this.store.groups.epochKey(group, epoch);
      if (key) this.epochs.set(id, key);
    }
    return key;
  }

  remember(group: GroupId, epoch: string, key: Uint8Array): void {
    this.store.groups.putEpochKey(group, epoch, key);
    this.epochs.set(`${group}/${epoch}`, key);
  }
}
