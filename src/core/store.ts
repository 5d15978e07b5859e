import type { PeerId } from './identity';
import type { MessageState, Role } from './model';
import type { StoredMessage } from './messaging/message';

/** What the engine remembers about a peer across restarts. */
export interface PeerRecord {
  peerId: PeerId;
  name: string;
  role: Role;
  addresses: string[];
  lastSeenAt: number | null;
}

/**
 * Durable state the engine relies on. Implementations commit before they
 * return: the engine acknowledges a message only after insertMessage returns.
 * Synchronous on purpose; better-sqlite3 is, and it keeps ordering trivial.
 */
export interface EngineStore {
  /** Returns false when a message with that id is already stored. */
  insertMessage(message: StoredMessage): boolean;
  getMessage(id: string): StoredMessage | undefined;
  /** The latest `sentAt` stored, or 0: where the message clock resumes after a restart. */
  newestSentAt(): number;
  setMessageState(id: string, state: MessageState): void;
  /** Oldest first; `before` pages backwards by (sentAt, id). */
  listMessages(conversation: string, page?: { limit?: number; before?: { sentAt: number; id: string } }): StoredMessage[];
  /** Newest first; every word must match (as a prefix). */
  searchMessages(
    query: string,
    options: { conversation?: string; limit: number },
  ): Array<{ message: StoredMessage; snippet: string }>;
  /** Outgoing messages to a peer that it has not acknowledged yet, oldest first. */
  unacknowledgedTo(peerId: PeerId): StoredMessage[];
  /** Marks incoming messages of a conversation read; returns the newest one marked, if any. */
  markIncomingRead(conversation: string, at: number): StoredMessage | undefined;
  /** Marks our messages to `peerId` up to (sentAt, id) as read by them; returns those newly marked. */
  markOutgoingRead(peerId: PeerId, upTo: { sentAt: number; id: string }, at: number): StoredMessage[];
  /** Every conversation with its newest message and unread count, most recent first. */
  conversations(): Array<{ conversation: string; lastMessage: StoredMessage; unread: number }>;
  upsertPeer(peer: PeerRecord): void;
  listPeers(): PeerRecord[];
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}
