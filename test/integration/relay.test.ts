import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity';
import { secureChannel } from '../../src/core/noise/secure-pipe';
import { silentLogger } from '../../src/core/platform';
import type { CircuitPipe } from '../../src/main/relay/circuit-pipe';
import { RelayClient } from '../../src/main/relay/client';
import type { RelayLimitsInput } from '../../src/main/relay/limits';
import { encodeData } from '../../src/main/relay/protocol';
import { nodePlatform } from '../../src/main/platform';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';
import { engineScope } from '../support/engines';
import { RawRelayClient, newIdentity } from '../support/relay-clients';

const random = nodePlatform(silentLogger).randomBytes;

/**
 * The relay of a real super peer backend on loopback: authentication,
 * circuits, the secure pipe over them, and every limit and refusal. All
 * clients here share 127.0.0.1, so each limit gets its own super peer and
 * the test that earns a back-off runs last.
 */
describe('a super peer’s relay', () => {
  const supers: TestBackend[] = [];
  const raw: RawRelayClient[] = [];
  const clients: RelayClient[] = [];
  const scope = engineScope(afterEach);
  let main: TestBackend;

  const startSuper = async (relay: RelayLimitsInput = {}) => {
    const s = await startTestBackend('Super', { superPeer: true, relay });
    supers.push(s);
    return s;
  };
  const rawClient = (at: TestBackend = main) => {
    const client = new RawRelayClient(at.address);
    raw.push(client);
    return client;
  };
  const relayClient = async (options: { identity?: Identity; at?: TestBackend; onIncoming?: (c: CircuitPipe) => void } = {}) => {
    const identity = options.identity ?? newIdentity();
    const client = new RelayClient({
      identity,
      address: (options.at ?? main).address,
      log: silentLogger,
      onIncoming: options.onIncoming,
    });
    clients.push(client);
    await client.connect();
    return Object.assign(client, { peerId: identity.peerId });
  };
  const relayStatus = (at: TestBackend = main) => at.backend.superPeer.service!.status();

  beforeAll(async () => {
    main = await startSuper({ maxCircuitsPerClient: 2, maxStrikes: 4, backoffMs: 60_000 });
  });
  afterEach(() => {
    for (const c of raw.splice(0)) c.close();
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    for (const s of supers) await s.stop();
  });

  it('says who it is, and how loaded, on its signalling port, and advertises itself as a super peer', async () => {
    const body = await (await fetch(`http://${main.address}/lanline`)).json();
    expect(body).toMatchObject({ service: 'lanline', peerId: main.backend.identity.peerId, relay: { clients: 0, circuits: 0 } });
    expect(main.backend.status()).toMatchObject({ role: 'super', rolePinned: true });
  });

  it('links two engines through a circuit, end-to-end encrypted, and the link says relayed', async () => {
    const [ada, bob] = [scope.node('Ada'), scope.node('Bob')];
    const incoming: CircuitPipe[] = [];
    await relayClient({ identity: bob.identity, onIncoming: (c) => incoming.push(c) });
    const fromAda = await relayClient({ identity: ada.identity });
    const circuit = await fromAda.open(bob.identity.peerId);
    await waitFor('Bob hears of the circuit', () => incoming[0]);
    expect(incoming[0]!.remote).toBe(ada.identity.peerId);
    const [pa, pb] = await Promise.all([
      secureChannel(circuit, { identity: ada.identity, initiator: true, remote: bob.identity.peerId, randomBytes: random }),
      secureChannel(incoming[0]!, { identity: bob.identity, initiator: false, remote: ada.identity.peerId, randomBytes: random }),
    ]);
    await Promise.all([ada.attach(pa, bob.identity.peerId), bob.attach(pb, ada.identity.peerId)]);
    expect(ada.getPeer(bob.identity.peerId)).toMatchObject({ online: true, link: 'relayed' });
    const sent = await ada.messaging.send(bob.identity.peerId, 'through the super peer');
    await waitFor('delivered', () =>
      ada.messaging.listMessages(bob.identity.peerId).find((m) => m.id === sent.id && m.state === 'delivered'),
    );
    expect(bob.messaging.listMessages(ada.identity.peerId).map((m) => m.text)).toEqual(['through the super peer']);
    expect(relayStatus()).toMatchObject({ clients: 2, circuits: 1 });
    circuit.close();
    await waitFor('the circuit is gone at the relay', () => relayStatus().circuits === 0);
    await waitFor('Bob’s end closed', () => !incoming[0]!.isOpen);
  });

  it('refuses with a reason: a peer that is not there, and more circuits than allowed', async () => {
    const a = await relayClient();
    const b = await relayClient({ onIncoming: () => {} });
    await expect(a.open(newIdentity().peerId)).rejects.toMatchObject({ refusal: 'unknown-peer' });
    await a.open(b.peerId);
    await a.open(b.peerId);
    await expect(a.open(b.peerId)).rejects.toMatchObject({ refusal: 'too-many-circuits', message: /at most 2 open circuits/ });
  });

  it('slows a client over its rate to that rate, says so, and delivers everything', async () => {
    const limited = await startSuper({ bytesPerSecond: 100_000, burstBytes: 50_000 });
    const received: number[] = [];
    const sink = await relayClient({ at: limited, onIncoming: (c) => c.onDidReceive((m) => received.push(m.length)) });
    const source = await relayClient({ at: limited });
    const refusals: string[] = [];
    source.onDidRefuse.on((r) => refusals.push(r.code));
    const circuit = await source.open(sink.peerId);
    // 250 kB at once: 50 kB of burst and 200 kB of debt, which the relay makes the source pay by not reading
    // from it for 2 s. (What was already read is forwarded: a frame in memory is never dropped.)
    const started = Date.now();
    for (let i = 0; i < 25; i++) circuit.send(new Uint8Array(10_000));
    await waitFor('the burst arrives', () => received.length === 25, 10_000);
    circuit.send(new Uint8Array(1000));
    await waitFor('the next frame arrives', () => received.length === 26, 10_000);
    expect(Date.now() - started).toBeGreaterThan(1800);
    expect(refusals).toContain('throttled');
    expect(relayStatus(limited).throttledPauses).toBeGreaterThan(0);
  });

  it('closes a client’s circuits once its hourly data is used up, and says when it may go on', async () => {
    const capped = await startSuper({ bytesPerHour: 30_000 });
    const sink = await relayClient({ at: capped, onIncoming: () => {} });
    const source = await relayClient({ at: capped });
    const refusals: { code: string; retryAfterMs?: number }[] = [];
    source.onDidRefuse.on((r) => refusals.push(r));
    const circuit = await source.open(sink.peerId);
    for (let i = 0; i < 5; i++) circuit.send(new Uint8Array(10_000));
    await waitFor('the circuit closed', () => !circuit.isOpen);
    expect(refusals[0]).toMatchObject({ code: 'over-quota', retryAfterMs: expect.any(Number) });
    await expect(source.open(sink.peerId)).rejects.toMatchObject({ refusal: 'over-quota' });
  });

  it('refuses a frame larger than a Noise message at the WebSocket, before reading it', async () => {
    const sizeCapped = await startSuper();
    const client = await rawClient(sizeCapped).connect(newIdentity());
    client.sendRaw(Buffer.alloc(70_000, 1));
    expect((await client.waitClosed()).code).toBe(1009);
    expect(relayStatus(sizeCapped).disconnects['bad-frame']).toBe(1);
  });

  it('a client checks the super peer’s signed challenge and the key it expected', async () => {
    const wrong = new RelayClient({
      identity: newIdentity(),
      address: main.address,
      log: silentLogger,
      expectedRelay: newIdentity().peerId,
    });
    clients.push(wrong);
    await expect(wrong.connect()).rejects.toThrow(/expected super peer/);
  });

  it('hangs up on data before authentication, and on a forged authentication', async () => {
    const early = await rawClient().connect();
    await early.frame('challenge');
    early.sendRaw(encodeData(1, new Uint8Array(8)));
    expect((await early.waitClosed()).code).toBe(4005);
    expect(await early.frame('refuse')).toMatchObject({ code: 'unauthenticated' });

    const forger = await rawClient().connect();
    const challenge = await forger.frame('challenge');
    forger.send({
      t: 'auth',
      from: newIdentity().peerId,
      relay: challenge.relay,
      nonce: challenge.nonce,
      ts: Date.now(),
      sig: `${'A'.repeat(86)}==`,
    });
    expect(await forger.frame('refuse')).toMatchObject({ code: 'bad-auth', reason: 'bad signature' });
    await forger.waitClosed();
  });

  it('disconnects a client that keeps sending bad frames, and backs it off (last: it backs off 127.0.0.1)', async () => {
    const bad = await rawClient().connect(newIdentity());
    bad.sendRaw('not json');
    bad.send({ t: 'open', ref: 1 });
    bad.sendRaw(encodeData(77, new Uint8Array(4)));
    bad.sendRaw(Buffer.from([9, 9]));
    expect((await bad.waitClosed()).code).toBe(4001);
    const refusals = bad.frames.filter((f) => f.t === 'refuse').map((f) => ({ code: f.code, reason: f.reason }));
    expect(refusals.map((r) => r.code)).toEqual(['bad-frame', 'bad-frame', 'unknown-circuit', 'bad-frame', 'misbehaving']);
    expect(refusals.at(-1)!.reason).toMatch(/come back in 60 s/);
    const again = await rawClient().connect();
    expect(again.httpRefusal).toMatchObject({ status: 429, code: 'backed-off' });
    expect(relayStatus().disconnects.misbehaving).toBe(1);
  });
});
