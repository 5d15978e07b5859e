import { describe, expect, it } from 'vitest';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import { signPresence, checkPresence, PresenceRecordSchema } from '../../src/core/presence';
import { loadPercent, rankSuperPeers } from '../../src/core/super-peer';
import { exposition } from '../../src/main/metrics/exposition';
import {
  AuthFrame,
  ClientFrameSchema,
  MAX_CONTROL_BYTES,
  RelayFrameSchema,
  authIsSigned,
  challengeIsSigned,
  decodeControl,
  encodeControl,
  encodeData,
  signAuth,
  signChallenge,
} from '../../src/main/relay/protocol';
import { PreambleSchema } from '../../src/main/relay/relayed-dial';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const person = () => identityFromSecretKey(generateSecretKey(random));
const nonce = 'A'.repeat(43) + '=';

describe('relay frames', () => {
  it('a challenge and an auth are signed, bound to the relay and the nonce, and unusable for each other', () => {
    const [relay, client] = [person(), person()];
    const challenge = { v: 1 as const, ...signChallenge(relay, nonce, 1000) };
    expect(RelayFrameSchema.parse(challenge)).toEqual(challenge);
    expect(challengeIsSigned(challenge)).toBe(true);
    const auth = { v: 1 as const, ...signAuth(client, relay.peerId, nonce, 1000) };
    expect(AuthFrame.parse(auth)).toEqual(auth);
    expect(authIsSigned(auth)).toBe(true);
    expect(authIsSigned({ ...auth, relay: person().peerId })).toBe(false);
    expect(authIsSigned({ ...auth, nonce: 'B'.repeat(43) + '=' })).toBe(false);
    expect(authIsSigned({ ...auth, from: relay.peerId, sig: challenge.sig })).toBe(false);
  });

  it('control frames are strict, typed and size-capped', () => {
    const to = person().peerId;
    expect(decodeControl(ClientFrameSchema, encodeControl({ t: 'open', ref: 1, to }))).toEqual({
      ok: true,
      frame: { v: 1, t: 'open', ref: 1, to },
    });
    const bad = [
      JSON.stringify({ v: 1, t: 'open', ref: 1, to, extra: true }),
      JSON.stringify({ v: 1, t: 'open', ref: -1, to }),
      JSON.stringify({ v: 1, t: 'open', ref: 2 ** 32, to }),
      JSON.stringify({ v: 2, t: 'open', ref: 1, to }),
      JSON.stringify({ v: 1, t: 'welcome' }),
      JSON.stringify({ v: 1, t: 'close', circuit: 'x' }),
      '[1,2]',
      'not json',
      JSON.stringify({ v: 1, t: 'open', ref: 1, to: 'x'.repeat(MAX_CONTROL_BYTES) }),
    ];
    for (const text of bad) expect(decodeControl(ClientFrameSchema, text).ok, text.slice(0, 60)).toBe(false);
    expect(decodeControl(ClientFrameSchema, bad.at(-1)!)).toMatchObject({ reason: /longer than 2048/ });
  });

  it('a refusal always carries a code and a reason', () => {
    expect(
      RelayFrameSchema.safeParse({ v: 1, t: 'refuse', code: 'over-quota', reason: 'used up', retryAfterMs: 5 }).success,
    ).toBe(true);
    expect(RelayFrameSchema.safeParse({ v: 1, t: 'refuse', code: 'over-quota' }).success).toBe(false);
    expect(RelayFrameSchema.safeParse({ v: 1, t: 'refuse', code: 'made-up', reason: 'x' }).success).toBe(false);
  });

  it('a data frame is 0x01, a big-endian circuit id and the payload, untouched', () => {
    const frame = encodeData(0x01020304, Uint8Array.of(9, 8, 7));
    expect([...frame]).toEqual([1, 1, 2, 3, 4, 9, 8, 7]);
  });

  it('the relayed dial accepts only its own few messages', () => {
    expect(PreambleSchema.safeParse({ t: 'use', via: 'relay' }).success).toBe(true);
    expect(PreambleSchema.safeParse({ t: 'use', via: 'carrier pigeon' }).success).toBe(false);
    expect(PreambleSchema.safeParse({ t: 'hello' }).success).toBe(false);
  });
});

describe('super peers in presence records, and choosing one', () => {
  const load = (clients: number, circuits = 0) => ({ clients, circuits, maxClients: 100, maxCircuits: 1000 });

  it('a super peer signs its load into its record; an ordinary record signs as before', () => {
    const sp = person();
    const record = signPresence(sp, { name: 'SP', role: 'super', addresses: ['198.18.1.1:7400'], relay: load(3) }, Date.now());
    expect(PresenceRecordSchema.parse(record)).toEqual(record);
    expect(checkPresence(record, Date.now(), 1000)).toBeUndefined();
    expect(checkPresence({ ...record, relay: load(0) }, Date.now(), 1000)).toBe('bad signature');
    const plain = signPresence(sp, { name: 'SP', role: 'super', addresses: [] }, Date.now());
    expect(plain).not.toHaveProperty('relay');
    expect(checkPresence(plain, Date.now(), 1000)).toBeUndefined();
  });

  it('least loaded first (in bands of 10 %), then lowest round trip, unknown load last', () => {
    const candidates = [
      { peerId: 'a', load: load(50), rttMs: 1 },
      { peerId: 'b', load: load(5), rttMs: 9 },
      { peerId: 'c', load: load(8), rttMs: 2 },
      { peerId: 'd', load: null, rttMs: 0.1 },
      { peerId: 'e', load: load(1, 900), rttMs: 0.5 },
      { peerId: 'f', load: load(2), rttMs: null },
    ];
    expect(rankSuperPeers(candidates).map((c) => c.peerId)).toEqual(['c', 'b', 'f', 'a', 'e', 'd']);
    expect(loadPercent(load(1, 900))).toBe(90);
    expect(loadPercent({ clients: 0, circuits: 0, maxClients: 0, maxCircuits: 0 })).toBe(100);
  });
});

describe('Prometheus exposition', () => {
  it('one HELP and TYPE per metric, labels escaped', () => {
    const text = exposition([
      { name: 'lanline_relay_refusals_total', help: 'Refusals.', type: 'counter', value: 2, labels: { code: 'over-quota' } },
      { name: 'lanline_relay_refusals_total', help: 'Refusals.', type: 'counter', value: 1, labels: { code: 'a"b' } },
      { name: 'lanline_relay_clients', help: 'Clients.', type: 'gauge', value: 3 },
    ]);
    expect(text).toBe(
      [
        '# HELP lanline_relay_refusals_total Refusals.',
        '# TYPE lanline_relay_refusals_total counter',
        'lanline_relay_refusals_total{code="over-quota"} 2',
        'lanline_relay_refusals_total{code="a\\"b"} 1',
        '# HELP lanline_relay_clients Clients.',
        '# TYPE lanline_relay_clients gauge',
        'lanline_relay_clients 3',
        '',
      ].join('\n'),
    );
  });
});
