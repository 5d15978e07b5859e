import { Emitter } from '../events';
import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { FileEntry } from './manifest';
import type { FileFrameOf, KeepRefusal } from './frames';

type Keepable = Pick<FileEntry, 'root' | 'size' | 'chunkSize'>;
export type KeepState = 'fetching' | 'complete' | 'refused';

/**
 * A super peer's side of replication (main/files/replicas.ts): it decides
 * under its quotas, fetches the ciphertext like any downloader, and serves it.
 */
export interface ReplicaKeeper {
  keep(owner: PeerId, file: Keepable): { state: KeepState; reason?: KeepRefusal };
  /** Only the owner may take a replica back. */
  drop(owner: PeerId, root: string): void;
}

export interface KeepAnswer {
  peer: PeerId;
  root: string;
  state: KeepState;
  reason?: KeepRefusal;
}

/**
 * The `file-keep` / `file-kept` / `file-unkeep` frames (docs/FILES.md,
 * "Replication"): an owner asks a super peer it uses to keep a file it shared,
 * so the file stays available while the owner is away. Nothing here trusts
 * the asker beyond its verified link: the keeper applies quotas per owner.
 */
export class ReplicaRequests {
  readonly onDidAnswer = new Emitter<KeepAnswer>();
  /** Set on a super peer that keeps replicas; without it every request is refused as `disabled`. */
  keeper: ReplicaKeeper | undefined;
  private nextRequest = 1;

  constructor(private readonly linkTo: (peer: PeerId) => Link | undefined) {}

  /** Asks `peer` to keep `file`; false when there is no link to it. The answer comes as onDidAnswer. */
  ask(peer: PeerId, file: Keepable): boolean {
    const link = this.linkTo(peer);
    if (!link || link.state !== 'ready') return false;
    return link.send({ t: 'file-keep', s: this.nextRequest++, root: file.root, size: file.size, chunkSize: file.chunkSize });
  }

  /** Tells the keeper the file was withdrawn. */
  withdraw(peer: PeerId, root: string): boolean {
    const link = this.linkTo(peer);
    return link?.state === 'ready' ? link.send({ t: 'file-unkeep', s: this.nextRequest++, root }) : false;
  }

  /** The keeper's later word (the replica is complete), to an owner who is still linked. */
  tell(owner: PeerId, root: string, state: KeepState, reason?: KeepRefusal): void {
    const link = this.linkTo(owner);
    if (link?.state === 'ready') link.send({ t: 'file-kept', s: this.nextRequest++, root, state, ...(reason && { reason }) });
  }

  receive(link: Link, frame: FileFrameOf<'file-keep'> | FileFrameOf<'file-kept'> | FileFrameOf<'file-unkeep'>): void {
    const peer = link.remote!.peerId;
    switch (frame.t) {
      case 'file-keep': {
        const answer = this.keeper ? this.keeper.keep(peer, frame) : { state: 'refused' as const, reason: 'disabled' as const };
        link.send({
          t: 'file-kept',
          s: frame.s,
          root: frame.root,
          state: answer.state,
          ...(answer.reason && { reason: answer.reason }),
        });
        return;
      }
      case 'file-unkeep':
        return this.keeper?.drop(peer, frame.root);
      case 'file-kept':
        return this.onDidAnswer.fire({ peer, root: frame.root, state: frame.state, reason: frame.reason });
    }
  }
}
