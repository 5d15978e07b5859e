import type { PeerId } from '../identity';
import type { PresenceRecord } from '../presence';
import { checkProfileCard, type ProfileCard } from './profile-card';

/** Cards a node keeps at most; beyond this the least recently updated go first. */
export const MAX_CARDS = 10_000;
/** Matches one search returns. */
export const MAX_MATCHES = 32;

export interface DirectoryMatch {
  record: PresenceRecord;
  card: ProfileCard | undefined;
}

type Field = 'name' | 'team' | 'interest';
interface Term {
  field: Field | undefined;
  word: string;
}

/** Lower case, accents off, so "Zoë" is found by "zoe". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (text: string) => fold(text).match(/[\p{L}\p{N}_]+/gu) ?? [];

/** `ops name:ada interest:chess`: bare words match any field, `field:` words only that one; all must match, as prefixes. */
export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  for (const token of query.trim().split(/\s+/).slice(0, 16)) {
    const m = /^(name|team|interests?):(.*)$/i.exec(token);
    const field = m ? ((m[1]!.toLowerCase().startsWith('interest') ? 'interest' : m[1]!.toLowerCase()) as Field) : undefined;
    for (const word of words(m ? m[2]! : token)) terms.push({ field, word });
  }
  return terms;
}

function matches(terms: Term[], record: PresenceRecord, card: ProfileCard | undefined): boolean {
  const fields: Record<Field, string[]> = {
    name: words(record.name),
    team: card?.team ? words(card.team) : [],
    interest: (card?.interests ?? []).flatMap(words),
  };
  return terms.every(({ field, word }) =>
    (field ? [fields[field]] : Object.values(fields)).some((list) => list.some((w) => w.startsWith(word))),
  );
}

/**
 * Who is where, and what they chose to publish: the presence records a node
 * holds (from gossip) joined with signed profile cards. On a super peer this
 * is the directory other peers search; on any node it answers local searches.
 */
export class Directory {
  private readonly cards = new Map<PeerId, ProfileCard>();

  /** Keeps a card that verifies and is newer than the one held; true when it was news. */
  offerCard(card: ProfileCard, now: number, maxSkewMs: number): { news: boolean; problem?: string } {
    const problem = checkProfileCard(card, now, maxSkewMs);
    if (problem) return { news: false, problem };
    const held = this.cards.get(card.peerId);
    if (held && held.issuedAt >= card.issuedAt) return { news: false };
    // Re-inserted, so the Map's order is least recently updated first: the bound evicts in O(1).
    this.cards.delete(card.peerId);
    this.cards.set(card.peerId, card);
    if (this.cards.size > MAX_CARDS) this.cards.delete(this.cards.keys().next().value!);
    return { news: true };
  }

  card(peerId: PeerId): ProfileCard | undefined {
    return this.cards.get(peerId);
  }

  allCards(): ProfileCard[] {
    return [...this.cards.values()];
  }

  /** Newest records first; an empty query matches everyone. */
  search(query: string, records: Iterable<PresenceRecord>, limit = MAX_MATCHES): DirectoryMatch[] {
    const terms = parseQuery(query);
    const found: DirectoryMatch[] = [];
    for (const record of records) {
      const card = this.cards.get(record.peerId);
      if (matches(terms, record, card)) found.push({ record, card });
    }
    return found.sort((a, b) => b.record.issuedAt - a.record.issuedAt).slice(0, limit);
  }
}
