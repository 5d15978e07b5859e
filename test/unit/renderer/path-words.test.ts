import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../src/core/model';
import type { SuperPeerInfo } from '../../../src/core/super-peer-info';
import { pathOf, relayOf } from '../../../src/renderer/src/network/path-words';
import { loadLine, relaySummary, superPeerFacts, superPeerState } from '../../../src/renderer/src/network/super-peer-words';

const BOB = 'b'.repeat(52);
const HUB = 'h'.repeat(52);
const SPARE = 'k'.repeat(52);
const names: Record<string, string> = { [HUB]: 'Hub', [SPARE]: 'Spare' };
const nameOf = (peerId: string) => names[peerId] ?? 'someone';

const bob = (fields: Partial<Peer>): Peer => ({
  peerId: BOB,
  name: 'Bob',
  role: 'basic',
  online: true,
  addresses: [],
  lastSeenAt: null,
  avatar: null,
  link: null,
  quality: null,
  ...fields,
});

const superPeer = (peerId: string, fields: Partial<SuperPeerInfo> = {}): SuperPeerInfo => ({
  peerId,
  address: '198.18.0.9:7400',
  addresses: ['198.18.0.9:7400'],
  state: 'connected',
  primary: false,
  load: null,
  rttMs: 3,
  circuits: 0,
  sources: ['mdns'],
  lastError: null,
  linked: true,
  mailRank: 0,
  mailHeld: null,
  ...fields,
});

describe('the path a conversation takes', () => {
  it('direct, connecting, and offline with messages waiting here', () => {
    expect(pathOf(bob({ link: 'direct' }), [], nameOf)).toMatchObject({ kind: 'direct', line: 'online · direct' });
    expect(pathOf(bob({}), [], nameOf)).toMatchObject({ kind: 'connecting', line: 'online · connecting…' });
    expect(pathOf(bob({ online: false }), [], nameOf)).toMatchObject({ kind: 'offline', short: 'offline' });
  });

  it('relayed via the super peer carrying our circuits, else the one we use, else “a super peer”', () => {
    const relayed = bob({ link: 'relayed' });
    const pool = [superPeer(HUB, { primary: true }), superPeer(SPARE, { circuits: 2, state: 'standby' })];
    expect(relayOf(pool)?.peerId).toBe(SPARE);
    expect(pathOf(relayed, pool, nameOf)).toEqual({
      kind: 'relayed',
      via: 'Spare',
      short: 'relayed via Spare',
      line: 'online · relayed via Spare (end-to-end encrypted)',
    });
    expect(pathOf(relayed, [superPeer(HUB, { primary: true })], nameOf).via).toBe('Hub');
    expect(pathOf(relayed, [superPeer(HUB, { state: 'failing' })], nameOf).short).toBe('relayed via a super peer');
  });

  it('has a place for a mailbox on a super peer while they are away', () => {
    expect(pathOf(bob({ online: false }), [], nameOf, HUB)).toMatchObject({ kind: 'mailbox', short: 'via mailbox on Hub' });
  });
});

describe('super peers in words', () => {
  it('says which one is in use, how busy each is and how near', () => {
    const hub = superPeer(HUB, {
      primary: true,
      circuits: 1,
      load: { clients: 3, circuits: 2, maxClients: 500, maxCircuits: 1000 },
    });
    expect(superPeerState(hub)).toEqual({ label: 'In use', tone: 'good' });
    expect(superPeerState(superPeer(SPARE, { state: 'failing' })).label).toBe('Not answering');
    expect(superPeerState(superPeer(SPARE, { state: 'standby' })).label).toBe('Standing by');
    expect(loadLine(hub.load)).toBe('1 % busy · 3 of 500 computers · 2 of 1,000 relayed links');
    expect(loadLine(null)).toBe('Load not reported yet');
    expect(superPeerFacts(hub)).toBe('round trip 3 ms · carrying 1 link for you · found on this network');
  });

  it('sums up what this computer relays when it is a super peer', () => {
    const status = {
      clients: 2,
      pendingAuth: 0,
      circuits: 1,
      relayedBytes: 4_200_000,
      relayedFrames: 10,
      connectionsAccepted: 3,
      throttledPauses: 0,
      backedOff: 0,
      refusals: {},
      disconnects: {},
    };
    expect(relaySummary(status)).toBe('Relaying for 2 computers, 1 link open, 4.2 MB relayed since it started');
  });
});
