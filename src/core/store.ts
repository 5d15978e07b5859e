import type { AvatarCache } from './avatar/avatar-exchange';
import type { AvatarHash } from './avatar/avatar-image';
import type { PeerId } from './identity';
import type { ContentKind } from './messaging/content';
import type { GroupId, MessageState, Reaction, Role } from './model';

/** What the engine remembers about a peer across restarts. */
export interface PeerRecord {
  peerId: PeerId;
  name: string;
  role: Role;
  addresses: string[];
  lastSeenAt: number | null;
  /** The avatar hash of their newest signed presence record we saw; null for none. */
  avatar: AvatarHash | null;
}

/** A message as this node keeps it: what the UI shows, plus what it takes to send it again. */
export interface StoredMessage {
  id: string;
  /** The other person's peer id, or the group's id. */
  conversation: string;
  from: PeerId;
  /** The recipient (one-to-one) or the group id. */
  to: string;
  seq: number;
  /**
   * `sealed`: a group message from before we joined, kept for its place in the sequence but never readable here.
   * A `file` message is kept as `text` with its offer in `content` (the caption is its text).
   */
  kind: Exclude<ContentKind, 'file'> | 'sealed';
  /** The text of a `text` message (empty once deleted); empty for every other kind. */
  text: string;
  sentAt: number;
  storedAt: number;
  state: MessageState;
  outgoing: boolean;
  readAt: number | null;
  replyTo: string | null;
  /** The message an edit, delete or reaction refers to. */
  target: string | null;
  /** The opened content as JSON, for kinds other than text; for a text message that shares files, its FileOffer. */
  content: string | null;
  /** Set while the message waits for messages it follows (the ordering buffer). */
  heldSince: number | null;
  editedAt: number | null;
  deleted: boolean;
  /** The signed envelope as JSON, to send again byte for byte; empty for rows from before schema v6. */
  envelope: string;
}

export interface Page {
  limit?: number;
  before?: { sentAt: number; id: string };
}

/** The group as this node last worked it out from its membership changes (see messaging/group-state.ts). */
export interface GroupRecord {
  id: GroupId;
  name: string;
  members: PeerId[];
  admins: PeerId[];
  createdBy: PeerId;
  createdAt: number;
  /** The epoch new messages are sealed in: the id of the change that started it, or null when we hold no key. */
  epoch: string | null;
  /** Members the current epoch's key was sealed for; a rekey is due when this differs from `members`. */
  keyHolders: PeerId[];
  /** Whether we are a member (we may have left, or been removed). */
  isMember: boolean;
  /** When a new epoch left us out (we were removed; we cannot read the change that did it). */
  leftOutAt: number | null;
  /** When we were added, for someone who joined after the start; messages from before then are not ours to read. */
  joinedAt: number | null;
}

/** Per-recipient delivery of our own messages; rows not yet delivered are the outbox. */
export interface DeliveryStore {
  add(messageId: string, peers: PeerId[]): void;
  /** Our messages that `peer` has not acknowledged, oldest first. */
  pendingFor(peer: PeerId, limit: number): StoredMessage[];
  /** Peers with something waiting for them. */
  peersWithPending(): PeerId[];
  /** Records a delivery: whether anything changed, and whether every recipient now has it. */
  markDelivered(messageId: string, peer: PeerId, at: number): { changed: boolean; complete: boolean };
  /** The peer holds all our messages in a conversation up to `seq` (from its sync summary); returns ids that became fully delivered. */
  markDeliveredUpTo(conversation: string, author: PeerId, peer: PeerId, seq: number, at: number): string[];
  /** The peer has read our messages in a conversation up to (sentAt, id); returns the ids newly marked. */
  markReadUpTo(conversation: string, peer: PeerId, upTo: { sentAt: number; id: string }, at: number): string[];
  /** Delivered / read / recipient counts of our messages. */
  counts(messageIds: string[]): Map<string, { delivered: number; read: number; of: number }>;
  /**
   * A super peer confirmed it holds our message for `peer` (store-and-forward).
   * Recorded only while the delivery is pending; deposit is not delivery.
   */
  addHolder(messageId: string, peer: PeerId, holder: PeerId, at: number): boolean;
  /**
   * Our messages `peer` has not acknowledged that fewer than `copies` of
   * `holders` confirmed holding, oldest first: what is still to deposit (the
   * outbox's own batch would stall on messages deposited but not yet delivered).
   */
  pendingToDeposit(peer: PeerId, holders: PeerId[], copies: number, limit: number): StoredMessage[];
  /** For each of these messages, the super peers that confirmed holding it for `peer`. */
  holders(messageIds: string[], peer: PeerId): Map<string, PeerId[]>;
  /** How many of our messages `peer` has not acknowledged, and how many of those super peers hold. */
  pendingCount(peer: PeerId): { pending: number; deposited: number };
}

export interface GroupStore {
  save(group: GroupRecord): void;
  get(id: GroupId): GroupRecord | undefined;
  list(): GroupRecord[];
  /** Visible membership changes, in display order. */
  changes(id: GroupId): StoredMessage[];
  putEpochKey(group: GroupId, epoch: string, key: Uint8Array): void;
  epochKey(group: GroupId, epoch: string): Uint8Array | undefined;
  saveInvite(tokenHash: string, group: GroupId, expiresAt: number): void;
  /** The group an unexpired invite is for. Invites can be used more than once until they expire. */
  findInvite(tokenHash: string, now: number): GroupId | undefined;
}

/**
 * Durable state the engine relies on. Implementations commit before they
 * return: the engine acknowledges a message only after insertMessage returns.
 * Synchronous on purpose; better-sqlite3 is, and it keeps ordering trivial.
 */
export interface EngineStore extends AvatarCache {
  readonly deliveries: DeliveryStore;
  readonly groups: GroupStore;
  /** Runs `work` as one transaction: all of it reaches the disk, with one sync, or none of it. */
  atomically<T>(work: () => T): T;
  /** Stores a message and moves the author's contiguous frontier. Returns false when the id is already stored. */
  insertMessage(message: StoredMessage): boolean;
  getMessage(id: string): StoredMessage | undefined;
  /** The latest `sentAt` stored, or 0: where the message clock resumes after a restart. */
  newestSentAt(): number;
  setMessageState(id: string, state: MessageState): void;
  /** What a conversation shows (text and membership lines, not waiting), oldest first; `before` pages backwards by (sentAt, id). */
  listMessages(conversation: string, page?: Page): StoredMessage[];
  /** Newest first; every word must match (as a prefix). */
  searchMessages(
    query: string,
    options: { conversation?: string; limit: number },
  ): Array<{ message: StoredMessage; snippet: string }>;
  /** Marks incoming messages of a conversation read; returns the newest one marked, if any. */
  markIncomingRead(conversation: string, at: number): StoredMessage | undefined;
  /** Every conversation with its newest message, unread and waiting counts, most recent first. */
  conversations(): Array<{ conversation: string; lastMessage: StoredMessage; unread: number; waiting: number }>;

  /** The highest sequence number stored for an author in a conversation (0 for none). */
  lastSeq(conversation: string, author: PeerId): number;
  /** For each author: everything up to this sequence number is stored (or lies before our floor). */
  frontier(conversation: string): Array<[PeerId, number]>;
  /** An author's messages after `seq`, in order, at most `limit`. */
  messagesAfter(conversation: string, author: PeerId, seq: number, limit: number): StoredMessage[];
  /** Messages by this author up to this seq count as present: the newest visible one, or the floor a joiner starts from. */
  readyUpTo(conversation: string, author: PeerId): number;
  /** Where a member who joined late starts: nothing at or below these is ever expected. */
  setFloor(conversation: string, floor: Array<[PeerId, number]>): void;
  /** Messages waiting in the ordering buffer, oldest first. */
  held(conversation?: string): StoredMessage[];
  heldCountFrom(author: PeerId): number;
  /** Takes a message out of the ordering buffer; it shows from now on. */
  release(id: string): void;
  /** The authors this conversation's next message should follow, most recently active first, with how far. */
  heads(conversation: string, limit: number): Array<[PeerId, number]>;
  /** Fills in a held message once its key arrives and its body opens. */
  setContent(id: string, opened: Pick<StoredMessage, 'kind' | 'text' | 'replyTo' | 'target' | 'content' | 'readAt'>): void;
  /** Forgets a held message whose body turned out not to open. */
  deleteMessage(id: string): void;

  /** Edits and deletes name their target; these apply them. */
  applyEdit(target: string, text: string, at: number): void;
  applyDelete(target: string): void;
  /** Visible edits, deletes and reactions that refer to a message, in order (they may arrive before it). */
  effectsOn(target: string): StoredMessage[];
  setReaction(target: string, author: PeerId, emoji: string, active: boolean, at: number): void;
  reactions(targets: string[]): Map<string, Reaction[]>;

  upsertPeer(peer: PeerRecord): void;
  listPeers(): PeerRecord[];
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}
