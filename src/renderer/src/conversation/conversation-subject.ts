import type { Group, Peer } from '../../../core/model';

/** Who a conversation is with: one person, or a group. Its id is the conversation's id in the contract. */
export type ConversationSubject =
  { kind: 'direct'; id: string; title: string; peer: Peer } | { kind: 'group'; id: string; title: string; group: Group };

/** Whether this window may write in it: always to a person; in a group only while a member. */
export function canWrite(subject: ConversationSubject): boolean {
  return subject.kind === 'direct' || subject.group.isMember;
}
