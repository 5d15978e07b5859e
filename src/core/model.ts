import { z } from 'zod';
import { FileAttachmentSchema } from './files/transfer-model';
import { PEER_ID_PATTERN } from './identity';

/**
 * The domain objects the UI, the CLI and the store all see. Each is a schema
 * first, so the API boundary validates exactly the type the code uses.
 */
export const PeerIdSchema = z.string().regex(PEER_ID_PATTERN, 'not a peer id');

export const Roles = ['basic', 'enhanced', 'super', 'infrastructure'] as const;
export const RoleSchema = z.enum(Roles);
export type Role = z.infer<typeof RoleSchema>;

export const DISPLAY_NAME_MAX = 64;
/** A node's name until its person picks one; the UI offers the name dialog while it is this. */
export const DEFAULT_DISPLAY_NAME = 'Lanline user';
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(DISPLAY_NAME_MAX, `a name has at most ${DISPLAY_NAME_MAX} characters`);

/** How a peer became known; only `link` is proven, the others are hints. */
export const PeerSourceSchema = z.enum(['mdns', 'address', 'link']);

/** Measured on the link itself: pings for round trip and loss, frames for throughput. */
export const LinkQualitySchema = z.object({
  /** Median of the last pings' round trips, ms; null until a pong arrives. */
  rttMs: z.number().nullable(),
  /** Share of the last pings that got no pong, 0–100. */
  lossPercent: z.number().nullable(),
  inBytesPerSecond: z.number(),
  outBytesPerSecond: z.number(),
});
export type LinkQuality = z.infer<typeof LinkQualitySchema>;

export const PeerSchema = z.object({
  peerId: PeerIdSchema,
  name: z.string(),
  role: RoleSchema,
  online: z.boolean(),
  /** host:port pairs where the peer's signalling endpoint was seen. */
  addresses: z.array(z.string()),
  lastSeenAt: z.number().int().nullable(),
  /** The hash of their profile picture, as they signed it (fetch it with `avatars.get`); null for none. */
  avatar: z.string().nullable(),
  /** `direct` while a verified data channel is open to the peer; `relayed` while the link runs through a super peer. */
  link: z.enum(['direct', 'relayed']).nullable(),
  quality: LinkQualitySchema.nullable(),
});
export type Peer = z.infer<typeof PeerSchema>;

export const MESSAGE_TEXT_MAX = 16_000;

/** A group's id: `g` and 26 base32 characters (128 random bits). Distinct from a peer id by length and prefix. */
export const GROUP_ID_PATTERN = /^g[a-z2-7]{26}$/;
export const GroupIdSchema = z.string().regex(GROUP_ID_PATTERN, 'not a group id');
export type GroupId = z.infer<typeof GroupIdSchema>;
/** A conversation is either the other person (their peer id) or a group (its id). */
export const ConversationIdSchema = z.union([PeerIdSchema, GroupIdSchema]);
export const isGroupId = (conversation: string): boolean => GROUP_ID_PATTERN.test(conversation);

export const GROUP_NAME_MAX = 80;
/** A group's member list travels in every membership change, so it is bounded. */
export const GROUP_MEMBERS_MAX = 100;
export const GroupNameSchema = z
  .string()
  .trim()
  .min(1, 'a group needs a name')
  .max(GROUP_NAME_MAX, `a group name has at most ${GROUP_NAME_MAX} characters`);

export const MessageStateSchema = z.enum(['pending', 'sent', 'delivered', 'received']);
export type MessageState = z.infer<typeof MessageStateSchema>;

export const ReactionSchema = z.object({
  emoji: z.string(),
  /** Who reacted with it, in the order they did. */
  by: z.array(PeerIdSchema),
});
export type Reaction = z.infer<typeof ReactionSchema>;

/** What a membership change did, for the line the conversation shows ("Ada added Bob"). */
export const GroupEventSchema = z.object({
  op: z.enum(['create', 'add', 'remove', 'leave', 'rename', 'rekey']),
  /** The member added or removed. */
  member: PeerIdSchema.nullable(),
  /** The group's name after a create or rename. */
  name: z.string().nullable(),
  /** False when the change broke the group's rules (see docs/MESSAGING.md) and had no effect. */
  applied: z.boolean(),
});
export type GroupEvent = z.infer<typeof GroupEventSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  /** The other person's peer id for a one-to-one chat, the group's id for a group. */
  conversation: z.string(),
  from: PeerIdSchema,
  /** The recipient's peer id (one-to-one) or the group's id. */
  to: z.string(),
  /** `text` is something a person wrote; `event` is a membership change shown as a line. */
  kind: z.enum(['text', 'event']),
  /** Empty once deleted, and for events. */
  text: z.string(),
  /** The author's hybrid clock when the message was written, ms since epoch; display order is (sentAt, id). */
  sentAt: z.number().int(),
  /** Local clock when this node stored the message. */
  storedAt: z.number().int(),
  state: MessageStateSchema,
  outgoing: z.boolean(),
  /** Incoming: when we read it. Outgoing one-to-one: when the recipient said they read it. */
  readAt: z.number().int().nullable(),
  /** The id of the message this one answers, which may not have arrived yet. */
  replyTo: z.string().nullable(),
  /** When the author last edited it. */
  editedAt: z.number().int().nullable(),
  deleted: z.boolean(),
  reactions: z.array(ReactionSchema),
  event: GroupEventSchema.nullable(),
  /** For our own messages in a group: how many members have it, and have read it, of how many. */
  receipts: z.object({ delivered: z.number().int(), read: z.number().int(), of: z.number().int() }).nullable(),
  /** Files shared by this message (name, size, type, thumbnail) and this node's transfer of them; `text` is then a caption. */
  file: FileAttachmentSchema.nullable().optional(),
});
export type Message = z.infer<typeof MessageSchema>;

/** One line of the conversation list. */
export const ConversationSummarySchema = z.object({
  /** The other person's peer id, or the group's id. */
  conversation: z.string(),
  kind: z.enum(['direct', 'group']),
  /** The group's name; null for one-to-one chats (the UI shows the person's name). */
  title: z.string().nullable(),
  lastMessage: MessageSchema,
  unread: z.number().int().nonnegative(),
  /** Messages that arrived before the ones they follow, held until those come (or the wait runs out). */
  waiting: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const GroupMemberSchema = z.object({
  peerId: PeerIdSchema,
  name: z.string(),
  admin: z.boolean(),
});

export const GroupSchema = z.object({
  id: GroupIdSchema,
  name: z.string(),
  members: z.array(GroupMemberSchema),
  /** Whether this node is (still) a member, and may change the member list. */
  isMember: z.boolean(),
  isAdmin: z.boolean(),
  createdBy: PeerIdSchema,
  createdAt: z.number().int(),
});
export type Group = z.infer<typeof GroupSchema>;

/** `conversation` is the typist's peer id in a one-to-one chat, or the group's id. */
export const TypingSchema = z.object({ peerId: PeerIdSchema, conversation: z.string(), active: z.boolean() });
export type Typing = z.infer<typeof TypingSchema>;

/** What this machine can offer the network; the role is derived from it (docs/ROLES.md). */
export const CapabilitiesSchema = z.object({
  cores: z.number().int(),
  freeMemoryBytes: z.number(),
  freeDiskBytes: z.number().nullable(),
  uptimeSeconds: z.number(),
  /** null where the platform does not say. */
  onBattery: z.boolean().nullable(),
  /** Best sustained outgoing rate seen on a real link lately, bytes/s; null before any traffic. */
  uplinkBytesPerSecond: z.number().nullable(),
  /** Whether a peer from another subnet has linked to us. */
  reachableFromOtherSubnets: z.boolean(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/** Search highlights are marked with these two private-use characters, never HTML. */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

export const SearchHitSchema = z.object({
  message: MessageSchema,
  /** The matching part of the text, with matches between HIGHLIGHT_START and HIGHLIGHT_END. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const StatusSchema = z.object({
  peerId: PeerIdSchema,
  name: z.string(),
  role: RoleSchema,
  version: z.string(),
  dataDir: z.string(),
  signallingPort: z.number().int(),
  addresses: z.array(z.string()),
  startedAt: z.number().int(),
  mdns: z.boolean(),
  /** Whether a window has taken ownership of WebRTC (desktop and browser modes). */
  uiAttached: z.boolean(),
  /** The role was pinned by the user rather than measured. */
  rolePinned: z.boolean(),
  /**
   * Whether this node serves as a super peer now (relay, mailbox, directory):
   * `--super`, or the role pinned to super or infrastructure. Starts and stops
   * at runtime, with no restart.
   */
  servingAsSuperPeer: z.boolean(),
  capabilities: CapabilitiesSchema,
  /** Where received files land (docs/FILES.md). */
  downloadsDir: z.string(),
  /** The hash of the profile picture we publish; null for none. */
  avatar: z.string().nullable(),
});
export type Status = z.infer<typeof StatusSchema>;

export const InviteSchema = z.object({
  /** What a person types or pastes: `LL1-…`. */
  code: z.string(),
  /** The same code as a deep link, for QR codes and clicking. */
  url: z.string(),
  addresses: z.array(z.string()),
});
export type Invite = z.infer<typeof InviteSchema>;

export const DiagnosisStatusSchema = z.enum(['ok', 'warn', 'fail', 'unknown']);
export const DiagnosisSchema = z.object({
  checkedAt: z.number().int(),
  checks: z.array(
    z.object({
      id: z.enum(['mdns-send', 'mdns-receive', 'signalling', 'peers']),
      status: DiagnosisStatusSchema,
      /** The question, as a person would ask it. */
      title: z.string(),
      /** What was found, in plain words. */
      detail: z.string(),
      /** What to do about it, when something is wrong. */
      fix: z.string().nullable(),
    }),
  ),
  peers: z.array(
    z.object({
      peerId: PeerIdSchema,
      name: z.string(),
      state: z.enum(['linked', 'trying', 'failing', 'idle']),
      rttMs: z.number().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** What a person chooses to publish beyond their name (docs/SUPER-PEERS.md, "Directory"). */
export const ProfileSchema = z.object({
  name: z.string(),
  /** null: no team published. */
  team: z.string().nullable(),
  interests: z.array(z.string()),
  /** The hash of our profile picture (signed into our presence); null for none. */
  avatar: z.string().nullable(),
});
export type ProfileView = z.infer<typeof ProfileSchema>;

/** Someone found in the directory: ours, and the super peers'. */
export const DirectoryEntrySchema = z.object({
  peerId: PeerIdSchema,
  name: z.string(),
  role: RoleSchema,
  team: z.string().nullable(),
  interests: z.array(z.string()),
  /** A verified link to them is open now. */
  online: z.boolean(),
  /** Where their signed presence says they can be dialled. */
  addresses: z.array(z.string()),
  /** When they last signed their presence. */
  seenAt: z.number().int(),
  /** `local`: this node knew them already; `directory`: a super peer told us. */
  source: z.enum(['local', 'directory']),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/**
 * How a one-to-one conversation's messages travel right now: over a link
 * (`direct` data channel, or `relayed` through a super peer), `forwarded` by
 * peers who can reach them, held by super peers (`mailbox`) until they come
 * back, or `waiting` in our outbox with no way out yet.
 */
export const ConversationPathSchema = z.object({
  conversation: PeerIdSchema,
  path: z.enum(['direct', 'relayed', 'forwarded', 'mailbox', 'waiting']),
  /** The forwarders, or the super peers mail goes to. */
  via: z.array(PeerIdSchema),
  /** Our messages they have not acknowledged yet. */
  pending: z.number().int().nonnegative(),
  /** Of those, how many super peers confirmed holding. */
  deposited: z.number().int().nonnegative(),
});
export type ConversationPath = z.infer<typeof ConversationPathSchema>;
