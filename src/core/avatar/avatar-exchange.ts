import { b64 } from '../bytes';
import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { Platform } from '../platform';
import { TokenBucket } from '../token-bucket';
import type { FrameOf } from '../wire/frames';
import { avatarHash, checkAvatarImage, type AvatarHash } from './avatar-image';

/** Where fetched avatars rest, keyed by hash; the store bounds it (oldest used go first). */
export interface AvatarCache {
  getAvatar(hash: AvatarHash): Uint8Array | undefined;
  putAvatar(hash: AvatarHash, bytes: Uint8Array, now: number): void;
}

/** A source that does not answer in this long is skipped for the next. */
export const AVATAR_FETCH_TIMEOUT_MS = 5000;
/** Requests one link may make: a burst for a first greeting, then one a second (each answer is up to 16 KiB). */
const REQUESTS_BURST = 64;
const REQUESTS_PER_SECOND = 1;

interface Waiting {
  peer: PeerId;
  settle(bytes: Uint8Array | undefined): void;
}

/**
 * Serves our avatar (and those we cached) to linked peers, and fetches
 * others' by the hash their signed presence names. Bytes that do not hash
 * to what was asked for, or are not a small PNG, JPEG or WebP, are refused
 * and never cached: a hash alone is what the owner vouched for.
 */
export class AvatarExchange {
  private own: { hash: AvatarHash; bytes: Uint8Array } | undefined;
  /** One fetch per hash at a time, shared by everyone who asks. */
  private readonly fetches = new Map<AvatarHash, Promise<Uint8Array | undefined>>();
  /** The request in flight per hash: who we asked, and how to finish. */
  private readonly waiting = new Map<AvatarHash, Waiting>();
  private readonly budgets = new WeakMap<Link, TokenBucket>();

  constructor(
    private readonly platform: Platform,
    private readonly cache: AvatarCache,
    private readonly linkTo: (peerId: PeerId) => Link | undefined,
  ) {}

  /** Our own picture (already checked by the caller); null clears it. Returns its hash. */
  setOwn(bytes: Uint8Array | null): AvatarHash | null {
    this.own = bytes ? { hash: avatarHash(bytes), bytes } : undefined;
    return this.own?.hash ?? null;
  }

  get ownHash(): AvatarHash | null {
    return this.own?.hash ?? null;
  }

  /** Bytes we hold for this hash: ours, or verified and cached. */
  get(hash: AvatarHash): Uint8Array | undefined {
    return this.own?.hash === hash ? this.own.bytes : this.cache.getAvatar(hash);
  }

  /** The image for `hash`, from the cache or else from each linked source in turn; undefined when none has it. */
  fetch(hash: AvatarHash, sources: PeerId[]): Promise<Uint8Array | undefined> {
    const held = this.get(hash);
    if (held) return Promise.resolve(held);
    let fetch = this.fetches.get(hash);
    if (!fetch) {
      fetch = this.tryEach(hash, [...new Set(sources)]).finally(() => this.fetches.delete(hash));
      this.fetches.set(hash, fetch);
    }
    return fetch;
  }

  private async tryEach(hash: AvatarHash, sources: PeerId[]): Promise<Uint8Array | undefined> {
    for (const peer of sources) {
      const link = this.linkTo(peer);
      if (!link) continue;
      const bytes = await this.ask(link, peer, hash);
      if (bytes) return bytes;
    }
    return undefined;
  }

  private ask(link: Link, peer: PeerId, hash: AvatarHash): Promise<Uint8Array | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), AVATAR_FETCH_TIMEOUT_MS);
      const closed = link.onDidClose.on(() => finish(undefined));
      const finish = (bytes: Uint8Array | undefined) => {
        clearTimeout(timer);
        closed();
        if (this.waiting.get(hash)?.settle === finish) this.waiting.delete(hash);
        resolve(bytes);
      };
      this.waiting.set(hash, { peer, settle: finish });
      link.send({ t: 'avatar-get', hash });
    });
  }

  receive(link: Link, frame: FrameOf<'avatar-get' | 'avatar' | 'avatar-none'>): void {
    const from = link.remote!.peerId;
    if (frame.t === 'avatar-get') {
      if (!this.budgetOf(link).tryTake(1)) return link.drop('rate-limited', 'too many avatar requests');
      const bytes = this.get(frame.hash);
      link.send(bytes ? { t: 'avatar', hash: frame.hash, data: b64.encode(bytes) } : { t: 'avatar-none', hash: frame.hash });
      return;
    }
    const waiting = this.waiting.get(frame.hash);
    if (!waiting || waiting.peer !== from) return link.drop('unexpected', `${frame.t} ${frame.hash} that was not asked for`);
    if (frame.t === 'avatar-none') return waiting.settle(undefined);
    let bytes: Uint8Array;
    try {
      bytes = b64.decode(frame.data);
    } catch {
      waiting.settle(undefined);
      return link.drop('schema', 'avatar: data is not base64');
    }
    if (avatarHash(bytes) !== frame.hash) {
      waiting.settle(undefined);
      return link.drop('hash-mismatch', `avatar bytes do not hash to ${frame.hash}`);
    }
    const check = checkAvatarImage(bytes);
    if (!check.ok) {
      waiting.settle(undefined);
      return link.drop('schema', `avatar ${frame.hash}: ${check.reason}`);
    }
    this.cache.putAvatar(frame.hash, bytes, this.platform.clock.now());
    waiting.settle(bytes);
  }

  private budgetOf(link: Link): TokenBucket {
    let budget = this.budgets.get(link);
    if (!budget) {
      budget = new TokenBucket(REQUESTS_PER_SECOND, REQUESTS_BURST, () => this.platform.clock.now());
      this.budgets.set(link, budget);
    }
    return budget;
  }
}
