import { z } from 'zod';
import { FileOfferSchema } from '../files/manifest';
import { GROUP_MEMBERS_MAX, GroupNameSchema, MESSAGE_TEXT_MAX, PeerIdSchema } from '../model';
import { MessageIdSchema, SeqSchema } from '../wire/frames';

/**
 * What an envelope's body holds once opened. Only members see it: a carrier
 * (forwarder, super peer) knows who wrote a message and when, never whether it
 * is text, an edit, a reaction or a membership change.
 */

/** Sealed content above this many bytes is refused before it is sent. */
export const MAX_CONTENT_BYTES = 64 * 1024;
export const REACTION_MAX_CHARS = 16;

const Text = z.string().min(1).max(MESSAGE_TEXT_MAX);

export const TextContent = z.strictObject({ k: z.literal('text'), text: Text, replyTo: MessageIdSchema.optional() });
/**
 * Files shared in a conversation: the offer with each file's key, so the keys
 * never leave the sealed body. `text` is an optional caption. Stored as a text
 * message with an attachment, so replies, reactions, edits of the caption and
 * deletes work on it unchanged (docs/FILES.md, "In a conversation").
 */
export const FileContent = z.strictObject({ k: z.literal('file'), offer: FileOfferSchema, text: Text.optional() });
/** Only a message's author may edit or delete it; the newest edit wins. */
export const EditContent = z.strictObject({ k: z.literal('edit'), target: MessageIdSchema, text: Text });
export const DeleteContent = z.strictObject({ k: z.literal('delete'), target: MessageIdSchema });
/** One reaction per (author, message, emoji); `on: false` takes it back. */
export const ReactContent = z.strictObject({
  k: z.literal('react'),
  target: MessageIdSchema,
  emoji: z.string().min(1).max(REACTION_MAX_CHARS),
  on: z.boolean(),
});

/**
 * Where a joiner's history starts: for every author, the sequence number of
 * the last message the new member will never receive. Messages that depend on
 * anything at or below it count as ready.
 */
const Floor = z.array(z.tuple([PeerIdSchema, SeqSchema])).max(GROUP_MEMBERS_MAX + 1);

/**
 * Membership changes (docs/MESSAGING.md, "Groups"). Those with `members`
 * start a new epoch: the envelope carries a fresh key sealed for every member
 * after the change, and `members` states that list so every receiver can check
 * the key went to exactly the right people.
 */
export const GroupContent = z.discriminatedUnion('op', [
  z.strictObject({
    k: z.literal('group'),
    op: z.literal('create'),
    name: GroupNameSchema,
    members: z.array(PeerIdSchema).max(GROUP_MEMBERS_MAX),
  }),
  z.strictObject({
    k: z.literal('group'),
    op: z.literal('add'),
    member: PeerIdSchema,
    members: z.array(PeerIdSchema).max(GROUP_MEMBERS_MAX),
    /** The group as the newcomer needs it: its name, admins and where their history starts. */
    name: GroupNameSchema,
    admins: z.array(PeerIdSchema).max(GROUP_MEMBERS_MAX),
    createdBy: PeerIdSchema,
    createdAt: z.number().int().nonnegative(),
    floor: Floor,
  }),
  z.strictObject({
    k: z.literal('group'),
    op: z.literal('remove'),
    member: PeerIdSchema,
    members: z.array(PeerIdSchema).max(GROUP_MEMBERS_MAX),
  }),
  /** Leaving cannot start an epoch (the leaver would know its key); the next member to write rekeys. */
  z.strictObject({ k: z.literal('group'), op: z.literal('leave') }),
  z.strictObject({ k: z.literal('group'), op: z.literal('rename'), name: GroupNameSchema }),
  /** A fresh key for the current members, e.g. after someone left. */
  z.strictObject({ k: z.literal('group'), op: z.literal('rekey'), members: z.array(PeerIdSchema).max(GROUP_MEMBERS_MAX) }),
]);

export const ContentSchema = z.union([TextContent, FileContent, EditContent, DeleteContent, ReactContent, GroupContent]);
export type Content = z.infer<typeof ContentSchema>;
export type GroupChange = z.infer<typeof GroupContent>;
export type ContentKind = Content['k'];

/** The changes whose envelope carries a new key, and the member list it was sealed for. */
export const startsEpoch = (change: GroupChange): change is Extract<GroupChange, { members: string[] }> => 'members' in change;
