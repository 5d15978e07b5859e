import type { Emitter } from '../events';
import type { HybridClock } from '../hybrid-clock';
import type { Identity, PeerId } from '../identity';
import type { Link } from '../link';
import type { Group, Message, Typing } from '../model';
import type { Platform } from '../platform';
import type { EngineStore, StoredMessage } from '../store';
import type { FileAttachments } from './attachments';
import type { KeyRing } from './key-ring';

/** What the engine tells messaging about the world around it. */
export interface MessagingInit {
  identity: Identity;
  platform: Platform;
  store: EngineStore;
  /** The verified link to a peer, if one is open. */
  linkTo(peer: PeerId): Link | undefined;
  /** Whether the peer is known at all; we refuse to queue for strangers. */
  knows(peer: PeerId): boolean;
  /** A display name for a peer, or a short id when we have none. */
  nameOf(peer: PeerId): string;
  /** Linked peers that have told us about `peer` (gossip), best first: where to forward for them. */
  routesTo(peer: PeerId): PeerId[];
  /** Peers with a verified link open now. */
  linkedPeers(): PeerId[];
  /** Super peers we know of (their signed presence is live and says so): where mail can be deposited. */
  mailboxes(): PeerId[];
  /** Timers, injectable so tests need not wait out the real ones. */
  timing?: Partial<MessagingTiming>;
  /** Forwards each link may ask of us per 10 s (more while we serve as a super peer). */
  forwardsPerWindow?(): number;
}

export interface MessagingTiming {
  /** How long a message waits for the ones it follows before it shows anyway. */
  holdMaxMs: number;
  /** How often linked members compare summaries, to close any gap live delivery left. */
  syncEveryMs: number;
}

export const DEFAULT_TIMING: MessagingTiming = { holdMaxMs: 30_000, syncEveryMs: 60_000 };

/** The events messaging raises for the UI. */
export interface MessagingEvents {
  /** A message was stored, or its text, receipts, reactions or state changed. */
  readonly onDidChangeMessage: Emitter<Message>;
  readonly onDidChangeTyping: Emitter<Typing>;
  readonly onDidChangeGroup: Emitter<Group>;
  /** How many messages of a conversation wait for earlier ones. */
  readonly onDidChangeWaiting: Emitter<{ conversation: string; waiting: number }>;
}

/** Shared by the parts of messaging (intake, buffer, outbox, sync, forwarding, groups). */
export interface MessagingContext extends MessagingInit {
  timing: MessagingTiming;
  keys: KeyRing;
  clock: HybridClock;
  /** Tells the UI a stored message changed (it is decorated with receipts and reactions on the way). */
  changed(message: StoredMessage): void;
  /** A ready link to the peer, or undefined. */
  readyLink(peer: PeerId): Link | undefined;
  /** The file service, once the backend attaches one (Messaging.attachFiles). */
  files: FileAttachments;
}
