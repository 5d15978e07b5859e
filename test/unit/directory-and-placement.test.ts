import { describe, expect, it } from 'vitest';
import { Directory, parseQuery } from '../../src/core/directory/directory';
import { checkProfileCard, signProfileCard } from '../../src/core/directory/profile-card';
import { generateSecretKey, identityFromSecretKey, publicKeyFromPeerId } from '../../src/core/identity';
import { chooseHolders, rankHolders } from '../../src/core/mailbox/placement';
import { signPresence } from '../../src/core/presence';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const someone = () => identityFromSecretKey(generateSecretKey(random));

/** XOR distance as a BigInt, the slow obvious way, to check the ranking against. */
const distance = (a: string, b: string) => {
  const [x, y] = [publicKeyFromPeerId(a), publicKeyFromPeerId(b)];
  return x.reduce((acc, byte, i) => (acc << 8n) | BigInt(byte ^ y[i]!), 0n);
};

describe('mail placement', () => {
  it('ranks super peers by XOR distance to the recipient, the same for every caller', () => {
    for (let round = 0; round < 20; round++) {
      const recipient = someone().peerId;
      const supers = Array.from({ length: 7 }, () => someone().peerId);
      const expected = [...supers].sort((a, b) => (distance(a, recipient) < distance(b, recipient) ? -1 : 1));
      expect(rankHolders(recipient, supers)).toEqual(expected);
      expect(rankHolders(recipient, [...supers].reverse())).toEqual(expected);
    }
  });

  it('takes the two closest it can reach, falling back past the ones it cannot', () => {
    const recipient = someone().peerId;
    const ranked = rankHolders(
      recipient,
      Array.from({ length: 4 }, () => someone().peerId),
    );
    expect(chooseHolders(recipient, ranked, () => true)).toEqual(ranked.slice(0, 2));
    expect(chooseHolders(recipient, ranked, (p) => p !== ranked[0])).toEqual([ranked[1], ranked[2]]);
    expect(chooseHolders(recipient, ranked, (p) => p === ranked[3])).toEqual([ranked[3]]);
    expect(rankHolders(recipient, [recipient, ...ranked])).not.toContain(recipient);
  });
});

describe('the directory', () => {
  const ada = someone();
  const bob = someone();
  const now = Date.now();
  const records = [
    signPresence(ada, { name: 'Ada Lovelace', role: 'basic', addresses: [] }, now),
    signPresence(bob, { name: 'Bob Kahn', role: 'basic', addresses: [] }, now - 1000),
  ];

  it('reads bare words, and field:word for one field', () => {
    expect(parseQuery('  Ops  team:Zoë interests:chess name:ada ')).toEqual([
      { field: undefined, word: 'ops' },
      { field: 'team', word: 'zoe' },
      { field: 'interest', word: 'chess' },
      { field: 'name', word: 'ada' },
    ]);
  });

  it('finds people by name, team and interest, every word as a prefix, newest first', () => {
    const directory = new Directory();
    expect(directory.offerCard(signProfileCard(ada, { team: 'Platform Ops', interests: ['Chess'] }, now), now, 0)).toEqual({
      news: true,
    });
    const names = (q: string) => directory.search(q, records).map((m) => m.record.name);
    expect(names('')).toEqual(['Ada Lovelace', 'Bob Kahn']);
    expect(names('ka')).toEqual(['Bob Kahn']);
    expect(names('plat ches')).toEqual(['Ada Lovelace']);
    expect(names('team:ops')).toEqual(['Ada Lovelace']);
    expect(names('name:ops')).toEqual([]);
    expect(names('interest:lovelace')).toEqual([]);
  });

  it('keeps the newest card, and refuses forged or future ones', () => {
    const directory = new Directory();
    const first = signProfileCard(ada, { team: 'Ops', interests: [] }, now);
    const second = signProfileCard(ada, { team: null, interests: ['go'] }, now + 1);
    expect(directory.offerCard(second, now, 1000).news).toBe(true);
    expect(directory.offerCard(first, now, 1000).news).toBe(false);
    expect(directory.card(ada.peerId)).toEqual(second);
    expect(checkProfileCard({ ...first, team: 'Sales' }, now, 0)).toBe('bad signature');
    expect(checkProfileCard({ ...first, peerId: bob.peerId }, now, 0)).toBe('bad signature');
    expect(checkProfileCard(signProfileCard(ada, { team: 'x', interests: [] }, now + 60_000), now, 1000)).toBe(
      'issued in the future',
    );
    expect(directory.offerCard({ ...first, interests: ['forged'] }, now, 0)).toEqual({ news: false, problem: 'bad signature' });
  });
});
