import { z } from 'zod';
import { AvatarHashSchema } from '../avatar/avatar-image';
import { InterestsSchema, TeamSchema } from '../directory/profile-card';
import {
  ConversationIdSchema,
  ConversationPathSchema,
  ConversationSummarySchema,
  DirectoryEntrySchema,
  DiagnosisSchema,
  DisplayNameSchema,
  GroupIdSchema,
  GroupNameSchema,
  GroupSchema,
  InviteSchema,
  MESSAGE_TEXT_MAX,
  MessageSchema,
  PeerIdSchema,
  PeerSchema,
  ProfileSchema,
  RoleSchema,
  SearchHitSchema,
  StatusSchema,
  TypingSchema,
} from '../model';
import { MailboxStatusSchema, RelayStatusSchema, SuperPeerInfoSchema } from '../super-peer-info';
import { MAX_ENTRIES, OfferIdSchema, SafePathSchema, ThumbnailSchema } from '../files/manifest';
import { TransferSnapshotSchema } from '../files/transfer-model';

/**
 * The one contract between every UI (Electron window, browser tab), the CLI
 * and the backend. Each call and event is declared here once with its schema;
 * the Electron IPC, the WebSocket bridge, the control socket and in-process
 * tests are all transports of this same table.
 */
/** `timeoutMs`: for the few calls whose work grows with the user's data, past a client's usual limit. */
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, options: { timeoutMs?: number } = {}) => ({
  input,
  output,
  ...options,
});
const Empty = z.strictObject({});

/** host:port, with an IPv6 host in brackets. */
export const AddressSchema = z
  .string()
  .trim()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port');

const LinkId = z.number().int().nonnegative();

export const RtcRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ requestId: z.number().int(), op: z.literal('offer'), linkId: LinkId, iceServers: z.array(z.unknown()) }),
  z.strictObject({
    requestId: z.number().int(),
    op: z.literal('answer'),
    linkId: LinkId,
    sdp: z.string(),
    iceServers: z.array(z.unknown()),
  }),
  z.strictObject({ requestId: z.number().int(), op: z.literal('complete'), linkId: LinkId, sdp: z.string() }),
  z.strictObject({ requestId: z.number().int(), op: z.literal('close'), linkId: LinkId }),
]);
export type RtcRequest = z.infer<typeof RtcRequestSchema>;

const OfferId = OfferIdSchema;
const Entry = z.number().int().nonnegative().max(MAX_ENTRIES);
const Transfers = z.array(TransferSnapshotSchema);
/** A path on the backend's machine. */
const LocalPath = z.string().min(1).max(4096);
/** The caller's name for one `files.send`, to know its `files.preparing` events from others'. */
const PreparingTicket = z.string().min(1).max(64);
/** One piece of an upload, base64: 128 KiB of bytes fits a bridge message (256 KiB) with room to spare. */
const UploadPiece = z
  .string()
  .max(Math.ceil((128 * 1024) / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

/**
 * A picture to publish, base64. Room for four times the limit, so an image
 * that is merely too large gets the backend's message saying the limit.
 */
const AvatarUpload = z
  .string()
  .min(4)
  .max(Math.ceil((4 * 12 * 1024) / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

/** File sharing (docs/FILES.md); every call about an offer answers with its files' snapshots. */
const fileCalls = {
  /**
   * Shares files or folders (paths on the backend's machine, or an upload a
   * window made) in a conversation: the offer goes inside a message, which is
   * returned with the transfers. `replicate` asks the super peer this node
   * uses to keep a copy; by default the `files.replicate` setting decides.
   * Reading and sealing the files first takes about a second per GB; with a
   * `ticket`, `files.preparing` events tell how far it is.
   */
  'files.send': call(
    z
      .strictObject({
        to: ConversationIdSchema,
        paths: z.array(LocalPath).min(1).max(MAX_ENTRIES).optional(),
        upload: OfferId.optional(),
        text: z.string().max(MESSAGE_TEXT_MAX).optional(),
        thumbnail: ThumbnailSchema.optional(),
        replicate: z.boolean().optional(),
        ticket: PreparingTicket.optional(),
      })
      .refine((input) => (input.paths === undefined) !== (input.upload === undefined), 'give either paths or an upload'),
    z.strictObject({ message: MessageSchema, transfers: Transfers }),
    { timeoutMs: 24 * 60 * 60 * 1000 },
  ),
  /**
   * Files dropped into a window have no path on the backend's machine: they
   * are streamed into a staging folder in the data folder, in order, in
   * pieces of at most 128 KiB (`files.uploadPiece`), then sent by id.
   */
  'files.uploadStart': call(
    z.strictObject({
      files: z
        .array(z.strictObject({ path: SafePathSchema, size: z.number().int().nonnegative() }))
        .min(1)
        .max(MAX_ENTRIES),
    }),
    z.strictObject({ upload: OfferId }),
  ),
  'files.uploadPiece': call(
    z.strictObject({ upload: OfferId, file: Entry, offset: z.number().int().nonnegative(), data: UploadPiece }),
    z.strictObject({ received: z.number().int().nonnegative() }),
  ),
  /** Stops a `files.send` still reading and sealing its files; it then fails with `cancelled` and nothing is shared. */
  'files.sendCancel': call(z.strictObject({ ticket: PreparingTicket }), Empty),
  /** Drops an upload that will not be sent. */
  'files.uploadCancel': call(z.strictObject({ upload: OfferId }), Empty),
  /** Every transfer, newest offer first; optionally one conversation's, and those whose name has every word. */
  'files.list': call(
    z.strictObject({
      conversation: ConversationIdSchema.optional(),
      offerId: OfferId.optional(),
      query: z.string().max(200).optional(),
    }),
    Transfers,
  ),
  'files.accept': call(z.strictObject({ offerId: OfferId }), Transfers),
  'files.decline': call(z.strictObject({ offerId: OfferId }), Transfers),
  /** Without `entry`, every file of the offer. */
  'files.pause': call(z.strictObject({ offerId: OfferId, entry: Entry.optional() }), Transfers),
  'files.resume': call(z.strictObject({ offerId: OfferId, entry: Entry.optional() }), Transfers),
  /** Incoming: stops and deletes the partial file. Outgoing: stops serving it. */
  'files.cancel': call(z.strictObject({ offerId: OfferId, entry: Entry.optional() }), Transfers),
  /**
   * Opens the OS file manager at a received (or shared) file: in the desktop
   * app through the shell, otherwise with xdg-open, open or explorer. Fails
   * with `no-file-manager` (and the path) where the machine has none.
   */
  'files.reveal': call(z.strictObject({ offerId: OfferId, entry: Entry.optional() }), z.strictObject({ path: z.string() })),
  /**
   * Part of a received (or shared) image, for the window's inline preview:
   * raster images of at most 32 MiB, read in pieces of at most 128 KiB.
   */
  'files.preview': call(
    z.strictObject({ offerId: OfferId, entry: Entry, offset: z.number().int().nonnegative() }),
    z.strictObject({ type: z.string(), size: z.number().int(), data: z.string() }),
  ),
  /** The downloads folder, whose files are accepted without asking, and whether shared files are replicated. */
  'files.settings': call(
    Empty,
    z.strictObject({ downloadsDir: z.string(), autoAccept: z.array(PeerIdSchema), replicate: z.boolean() }),
  ),
  'files.setDownloadsDir': call(z.strictObject({ path: LocalPath }), z.strictObject({ downloadsDir: z.string() })),
  'files.setAutoAccept': call(
    z.strictObject({ peer: PeerIdSchema, on: z.boolean() }),
    z.strictObject({ peer: PeerIdSchema, on: z.boolean() }),
  ),
  'files.setReplicate': call(z.strictObject({ on: z.boolean() }), z.strictObject({ on: z.boolean() })),
} as const;

export const calls = {
  ...fileCalls,
  /** Who this node is and how it is reachable. */
  'status.get': call(Empty, StatusSchema),
  /** Sets the display name that peers see (first run, settings). */
  'profile.setName': call(z.strictObject({ name: DisplayNameSchema }), StatusSchema),
  /** Everyone this node knows, online first. */
  'peers.list': call(Empty, z.array(PeerSchema)),
  /** Dials a peer by host:port, for networks that mDNS does not cross. */
  'peers.add': call(z.strictObject({ address: AddressSchema }), PeerSchema),
  /** Pins the advertised role, or with null goes back to measuring it. */
  'profile.setRole': call(z.strictObject({ role: RoleSchema.nullable() }), StatusSchema),
  /** A code (and link) that lets someone on another network join this node. */
  'invites.create': call(Empty, InviteSchema),
  /** Connects to whoever made the code, proving they hold the key the code commits to. */
  'invites.join': call(z.strictObject({ code: z.string().trim().min(8).max(400) }), PeerSchema),
  /** Answers: can this machine use mDNS, can others reach it, whom can it reach? */
  'doctor.run': call(Empty, DiagnosisSchema),
  /** Conversations with their newest message and unread count, most recent first. */
  'conversations.list': call(Empty, z.array(ConversationSummarySchema)),
  /** Marks a conversation read and sends the author(s) a read receipt. */
  'messages.markRead': call(z.strictObject({ with: ConversationIdSchema }), Empty),
  /** Tells the other person (or the group) we are, or stopped, typing. */
  'typing.set': call(z.strictObject({ to: ConversationIdSchema, active: z.boolean() }), Empty),
  /** One conversation (a peer id or a group id), oldest first. */
  'messages.list': call(
    z.strictObject({
      with: ConversationIdSchema,
      limit: z.number().int().min(1).max(1000).optional(),
      /** Pages backwards: the messages just before this one. */
      before: z.strictObject({ sentAt: z.number().int(), id: z.string().max(64) }).optional(),
    }),
    z.array(MessageSchema),
  ),
  /** Full-text search over history, newest first; every word must match, as a prefix. */
  'messages.search': call(
    z.strictObject({
      query: z.string().max(200),
      with: ConversationIdSchema.optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    z.array(SearchHitSchema),
  ),
  /** Stores, signs and sends a message to a person or a group; it waits in the outbox while they are away. */
  'messages.send': call(
    z.strictObject({ to: ConversationIdSchema, text: z.string().max(MESSAGE_TEXT_MAX), replyTo: z.string().max(64).optional() }),
    MessageSchema,
  ),
  /** Replaces the text of one of our messages, for everyone in the conversation. */
  'messages.edit': call(z.strictObject({ id: z.string().max(64), text: z.string().max(MESSAGE_TEXT_MAX) }), MessageSchema),
  /** Deletes one of our messages for everyone in the conversation. */
  'messages.delete': call(z.strictObject({ id: z.string().max(64) }), MessageSchema),
  /** Adds (`on: true`) or takes back a reaction to a message. */
  'messages.react': call(
    z.strictObject({ id: z.string().max(64), emoji: z.string().min(1).max(16), on: z.boolean() }),
    MessageSchema,
  ),
  /** Our groups, including ones we have left. */
  'groups.list': call(Empty, z.array(GroupSchema)),
  /** Starts a group with these people (each must be known to this node). */
  'groups.create': call(z.strictObject({ name: GroupNameSchema, members: z.array(PeerIdSchema).max(99) }), GroupSchema),
  'groups.add': call(z.strictObject({ group: GroupIdSchema, peer: PeerIdSchema }), GroupSchema),
  /** Admins only. */
  'groups.remove': call(z.strictObject({ group: GroupIdSchema, peer: PeerIdSchema }), GroupSchema),
  'groups.leave': call(z.strictObject({ group: GroupIdSchema }), GroupSchema),
  'groups.rename': call(z.strictObject({ group: GroupIdSchema, name: GroupNameSchema }), GroupSchema),
  /** A code (and link) that lets someone join the group: whoever holds it can ask us to add them, for 7 days. */
  'groups.invite': call(z.strictObject({ group: GroupIdSchema }), InviteSchema),
  /** Connects to whoever made a group invite and asks to be added; resolves once we are in. */
  'groups.join': call(z.strictObject({ code: z.string().trim().min(8).max(400) }), GroupSchema),
  /** A window declares that it owns WebRTC for this backend. */
  'rtc.attach': call(Empty, z.strictObject({ attached: z.boolean() })),
  /** A window's answer to an `rtc.request`. */
  'rtc.respond': call(
    z.strictObject({
      requestId: z.number().int(),
      sdp: z
        .string()
        .max(64 * 1024)
        .optional(),
      error: z.string().max(500).optional(),
    }),
    Empty,
  ),
  /** A window reports that a link's data channel opened or closed. */
  'rtc.state': call(z.strictObject({ linkId: LinkId, state: z.enum(['open', 'closed']) }), Empty),
  /**
   * The super peers this node knows and what it uses each for: `primary` is
   * the relay it is reachable through, `linked` ones carry its mail and
   * directory searches, `mailRank` 0 and 1 hold mail for it. On a super peer:
   * the other super peers of the overlay.
   */
  'superPeers.list': call(Empty, z.array(SuperPeerInfoSchema)),
  /** On a super peer: what its relay is doing. Null on any other node. */
  'relay.status': call(Empty, RelayStatusSchema.nullable()),
  /** On a super peer: what its mailbox holds (messages, bytes, queue ages, refusals). Null on any other node. */
  'mailbox.status': call(Empty, MailboxStatusSchema.nullable()),
  /** How each one-to-one conversation's messages travel now (direct, relayed, forwarded, mailbox, waiting); re-ask on `peers.changed`. */
  'conversations.paths': call(z.strictObject({ with: PeerIdSchema.optional() }), z.array(ConversationPathSchema)),
  /** Our name and what we publish in the directory. */
  'profile.get': call(Empty, ProfileSchema),
  /** Publishes (or with null / [] withdraws) our team and interests: signed, and given to the super peers. */
  'profile.set': call(
    z.strictObject({ team: TeamSchema.nullable().optional(), interests: InterestsSchema.optional() }),
    ProfileSchema,
  ),
  /**
   * Publishes a profile picture (PNG, JPEG or WebP of at most 12 KiB, base64;
   * the window crops and encodes it to 96×96), or with null withdraws it.
   * Fails with `invalid-input` and the reason (too large, not an image).
   */
  'profile.setAvatar': call(z.strictObject({ data: AvatarUpload.nullable() }), ProfileSchema),
  /**
   * The image for an avatar hash (ours, or a peer's from `Peer.avatar`), base64:
   * from the cache, or fetched from a linked peer and checked against the hash.
   * Fails with `not-connected` when nobody linked holds it now.
   */
  'avatars.get': call(z.strictObject({ hash: AvatarHashSchema }), z.strictObject({ type: z.string(), data: z.string() })),
  /** Finds people by name, team or interest (`team:ops`, `interest:chess`), here and in the super peers' directory. */
  'directory.search': call(z.strictObject({ query: z.string().max(200) }), z.array(DirectoryEntrySchema)),
} as const;

export const events = {
  'peers.changed': z.array(PeerSchema),
  /** A message a conversation shows (text or a membership line), new or changed: its state, receipts, edits, deletion, reactions. */
  'message.changed': MessageSchema,
  'group.changed': GroupSchema,
  /** How many messages of a conversation wait for earlier ones (shown as "waiting for earlier messages"). */
  'waiting.changed': z.object({ conversation: z.string(), waiting: z.number().int().nonnegative() }),
  'status.changed': StatusSchema,
  /** Someone started or stopped typing to us or in a group; treat it as stopped after 8 s without news. */
  'typing.changed': TypingSchema,
  /** Sent only to the window that owns WebRTC: make, answer or close a connection. */
  'rtc.request': RtcRequestSchema,
  /** A file's transfer changed: its state at once, its progress a few times a second. */
  'file.changed': TransferSnapshotSchema,
  /** How far `files.send` with this ticket has read and sealed its files, a few times a second and once at the end. */
  'files.preparing': z.strictObject({
    ticket: PreparingTicket,
    bytesDone: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** Calls the CLI may make over the control socket; WebRTC plumbing is for windows only. */
export const WINDOW_ONLY_CALLS: ReadonlySet<CallName> = new Set(['rtc.attach', 'rtc.respond', 'rtc.state']);
