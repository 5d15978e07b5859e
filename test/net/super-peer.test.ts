import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { ApiClient } from '../../src/core/api/rpc';
import type { DirectoryEntry, Message, Peer, Status } from '../../src/core/model';
import type { MailboxStatus, RelayStatus, SuperPeerInfo } from '../../src/core/super-peer-info';
import { connectControl } from '../../src/main/control/client';
import { lanline, lanlineJson, startNode } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type Host, type VirtualLan } from '../support/netns';

const net = netAvailability();
if (!net.ok) console.log(net.reason);

const RELAY_PEER = resolve(import.meta.dirname, '../support/relay-peer.ts');
const RATE = 256 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A relay client in its own process (test/support/relay-peer.ts), with its JSON-line output. */
function relayPeer(host: Host, args: string[]) {
  const child = host.spawn(process.execPath, ['--import', 'tsx', RELAY_PEER, ...args]);
  const events: Array<Record<string, unknown>> = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      events.push(JSON.parse(buffered.slice(0, i)));
      buffered = buffered.slice(i + 1);
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const event = (name: string, timeoutMs = 30_000) =>
    waitFor(
      `${args[0]} ${name} (${stderr.slice(-300)})`,
      () => events.find((e) => e.event === name || e.event === 'error'),
      timeoutMs,
      50,
    ).then((e) => {
      if (e.event === 'error') throw new Error(`${args[0]} failed: ${String(e.message)}`);
      return e;
    });
  return { child, event };
}

/**
 * Two subnets on separate bridges with no route between them, and a super peer
 * attached to both. Ada (subnet a) and Bob (subnet b) are configured with
 * nothing: they find the super peer by mDNS on their own subnet, learn of each
 * other through it, fail to dial each other, and chat through the relay. When
 * Bob is away the super peer holds Ada's messages (sealed) until he is back,
 * after she has quit; Cy, on Ada's subnet, is found from Bob's by name and team.
 */
describe.skipIf(!net.ok)('a super peer bridging two subnets with no route between them', () => {
  let lan: VirtualLan;
  const dirs = { ada: tempDir(), bob: tempDir(), sp: tempDir(), cy: tempDir() };
  const capture = join(dirs.sp.path, 'relay-capture.bin');
  let status: Record<'ada' | 'bob' | 'sp', Status>;
  let superPeer: ChildProcess & { log: string[] };
  const nodes: Partial<Record<'ada' | 'bob' | 'cy', ChildProcess & { log: string[] }>> = {};
  const hostOf = { ada: 'h1', bob: 'h2', cy: 'h3' } as const;
  const names = { ada: 'Ada Lovelace', bob: 'Bob Kahn', cy: 'Cy Young' } as const;
  const start = (who: 'ada' | 'bob' | 'cy') => (nodes[who] = startNode(lan.host(hostOf[who]), dirs[who].path, names[who]));
  /** SIGTERM, and wait for a clean exit. */
  const stop = async (who: 'ada' | 'bob' | 'cy') => {
    const child = nodes[who]!;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(8000).then(() => 'still running')]);
    if (code !== 0) console.log(who, 'EXIT', code, child.log.join('').slice(-3000));
    expect(code).toBe(0);
  };
  const control = async (dir: string) => {
    const c = await connectControl(dir);
    apis.push(c);
    return c.api;
  };
  const apis: Array<{ api: ApiClient; close(): void }> = [];
  const secrets = [`the-merger-is-off-${randomBytes(6).toString('hex')}`, `pay-rise-approved-${randomBytes(6).toString('hex')}`];

  const peerAt = async (who: 'ada' | 'bob', other: 'ada' | 'bob') =>
    (await lanlineJson<Peer[]>(['peers', '--data-dir', dirs[who].path])).find((p) => p.peerId === status[other].peerId);

  beforeAll(async () => {
    lan = await createLan({
      subnets: [{ id: 'a' }, { id: 'b' }],
      hosts: [
        { name: 'h1', subnets: ['a'] },
        { name: 'h2', subnets: ['b'] },
        { name: 'h3', subnets: ['a'] },
        { name: 'sp', subnets: ['a', 'b'] },
        { name: 'f1', subnets: ['a'] },
        { name: 'f2', subnets: ['b'] },
      ],
    });
    superPeer = startNode(lan.host('sp'), dirs.sp.path, 'Super Peer', [
      '--super',
      '--relay-capture',
      capture,
      '--metrics-port',
      '9464',
      '--relay-rate',
      String(RATE),
      '--relay-burst',
      String(RATE),
    ]);
    start('ada');
    start('bob');
    const statusOf = (dir: string) =>
      waitFor(dir, () => lanlineJson<Status>(['status', '--data-dir', dir]).catch(() => undefined));
    status = { ada: await statusOf(dirs.ada.path), bob: await statusOf(dirs.bob.path), sp: await statusOf(dirs.sp.path) };
  });

  afterAll(async () => {
    for (const c of apis) c.close();
    await lan?.destroy();
    for (const d of Object.values(dirs)) d.remove();
  });

  it('the two subnets really cannot reach each other', async () => {
    const probe = await lan
      .host('h1')
      .exec(process.execPath, [
        '-e',
        `fetch('http://${lan.host('h2').address}:7400/lanline').then(() => process.exit(0), (e) => { console.log(e.cause?.code); process.exit(1); })`,
      ]);
    expect(probe.code).toBe(1);
    expect(probe.stdout).toMatch(/ENETUNREACH|EHOSTUNREACH/);
    expect(status.sp).toMatchObject({ role: 'super', rolePinned: true });
  });

  it('each side finds the super peer by mDNS on its own subnet, with no configuration', async () => {
    for (const who of ['ada', 'bob'] as const) {
      const list = await waitFor(
        `${who} connected to the super peer`,
        async () => {
          const { superPeers } = await lanlineJson<{ superPeers: SuperPeerInfo[] }>([
            'super-peers',
            '--data-dir',
            dirs[who].path,
          ]);
          return superPeers.find((s) => s.primary && s.state === 'connected') && superPeers;
        },
        20_000,
        250,
      );
      expect(list).toEqual([expect.objectContaining({ peerId: status.sp.peerId, sources: expect.arrayContaining(['mdns']) })]);
    }
  });

  it('Ada and Bob chat across the subnets, over the relayed secure pipe', async () => {
    const bob = await waitFor(
      'Bob linked at Ada',
      async () => (await peerAt('ada', 'bob'))?.online && peerAt('ada', 'bob'),
      45_000,
      250,
    );
    expect(bob).toMatchObject({ name: 'Bob Kahn', link: 'relayed' });
    expect(await peerAt('bob', 'ada')).toMatchObject({ online: true, link: 'relayed' });
    const table = await lanline(['peers', '--data-dir', dirs.ada.path]);
    expect(table.stdout).toMatch(/Bob Kahn\s+online\s+relayed/);

    const there = await lanlineJson<Message>(['send', '--data-dir', dirs.ada.path, '--to', 'Bob Kahn', secrets[0]!]);
    const back = await lanlineJson<Message>(['send', '--data-dir', dirs.bob.path, '--to', 'Ada Lovelace', secrets[1]!]);
    await waitFor('both delivered', async () => {
      const atAda = await lanlineJson<Message[]>(['messages', '--data-dir', dirs.ada.path, '--with', status.bob.peerId]);
      return (
        atAda.find((m) => m.id === there.id)?.state === 'delivered' && atAda.find((m) => m.id === back.id)?.text === secrets[1]
      );
    });
    const atBob = await lanlineJson<Message[]>(['messages', '--data-dir', dirs.bob.path, '--with', status.ada.peerId]);
    expect(atBob.find((m) => m.id === there.id)).toMatchObject({ text: secrets[0], state: 'received' });
  });

  it('everything the super peer relayed is ciphertext: no message text, no SDP, no frame, no name', async () => {
    await waitFor('the capture written', () => existsSync(capture) && statSync(capture).size > 2000, 10_000);
    const seen = readFileSync(capture);
    let frames = 0;
    for (let offset = 0; offset + 4 <= seen.length; offset += 4 + seen.readUInt32BE(offset)) frames += 1;
    expect(frames).toBeGreaterThan(10);
    for (const plaintext of [
      ...secrets,
      'a=fingerprint',
      'sha-256',
      '"t":"hello"',
      '"t":"msg"',
      '"sig"',
      'Ada Lovelace',
      'Bob Kahn',
    ])
      expect(seen.includes(Buffer.from(plaintext)), plaintext).toBe(false);
  });

  it('a recipient who is away gets everything, exactly once, after the sender has quit; the super peer held only ciphertext', async () => {
    await stop('bob');
    await waitFor('Bob offline at Ada', async () => !(await peerAt('ada', 'bob'))?.online, 15_000, 250);
    const ada = await control(dirs.ada.path);
    const texts = Array.from({ length: 30 }, (_, i) => `${secrets[0]}-while-you-were-out-${i}`);
    for (const text of texts) await ada.call('messages.send', { to: status.bob.peerId, text });
    const path = await waitFor(
      'the super peer confirmed holding all of them',
      async () => {
        const [p] = await ada.call('conversations.paths', { with: status.bob.peerId });
        return p?.deposited === texts.length && p;
      },
      20_000,
      250,
    );
    expect(path).toMatchObject({ path: 'mailbox', via: [status.sp.peerId], pending: texts.length });

    // What the super peer keeps on disk: its database and its write-ahead log hold no message text.
    const spDb = join(dirs.sp.path, 'lanline.db');
    const db = new Database(spDb, { readonly: true, fileMustExist: true });
    const held = db.prepare('SELECT recipient, author, envelope FROM mailbox').all() as Array<Record<string, string>>;
    db.close();
    expect(held).toHaveLength(texts.length);
    expect(new Set(held.map((h) => `${h.author}>${h.recipient}`))).toEqual(
      new Set([`${status.ada.peerId}>${status.bob.peerId}`]),
    );
    for (const file of [spDb, `${spDb}-wal`].filter((f) => existsSync(f))) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from('while-you-were-out')), file).toBe(false);
      expect(bytes.includes(Buffer.from(secrets[0]!)), file).toBe(false);
    }

    await stop('ada');
    start('bob');
    const got = await waitFor(
      'Bob got them from the super peer',
      async () => {
        // The node may still be starting (no control socket yet).
        const list = await lanlineJson<Message[]>([
          'messages',
          '--data-dir',
          dirs.bob.path,
          '--with',
          status.ada.peerId,
          '--limit',
          '1000',
        ]).catch(() => []);
        const mine = list.filter((m) => m.text.includes('while-you-were-out'));
        return mine.length >= texts.length ? mine : undefined;
      },
      30_000,
      250,
    );
    expect(got.map((m) => m.text)).toEqual(texts);
    await waitFor(
      'the super peer deleted its copies',
      async () =>
        (await lanlineJson<{ mailbox: MailboxStatus }>(['super-peers', '--data-dir', dirs.sp.path])).mailbox.messages === 0,
      10_000,
      250,
    );
    // Ada comes back to Bob's receipts, which the super peer kept for her.
    start('ada');
    await waitFor(
      'delivered at Ada',
      async () => {
        // The node may still be starting (no control socket yet).
        const list = await lanlineJson<Message[]>([
          'messages',
          '--data-dir',
          dirs.ada.path,
          '--with',
          status.bob.peerId,
          '--limit',
          '1000',
        ]).catch(() => []);
        const mine = list.filter((m) => m.text.includes('while-you-were-out'));
        return mine.length === texts.length && mine.every((m) => m.state === 'delivered');
      },
      30_000,
      250,
    );
    await waitFor('Ada and Bob relinked', async () => (await peerAt('ada', 'bob'))?.online, 45_000, 250);
  });

  it('the directory finds someone on the other subnet by name and by team', async () => {
    start('cy');
    await waitFor('Cy is up', () => lanlineJson<Status>(['status', '--data-dir', dirs.cy.path]).catch(() => undefined));
    const profile = await lanlineJson<{ team: string | null }>([
      'profile',
      '--data-dir',
      dirs.cy.path,
      '--team',
      'Site Reliability',
      '--interests',
      'chess,sailing',
    ]);
    expect(profile).toMatchObject({ name: 'Cy Young', team: 'Site Reliability', interests: ['chess', 'sailing'] });
    const search = (words: string[]) =>
      lanlineJson<DirectoryEntry[]>(['directory', 'search', '--data-dir', dirs.bob.path, ...words]);
    const byTeam = await waitFor(
      'Bob finds Cy by team',
      async () => (await search(['team:reliab'])).find((e) => e.name === 'Cy Young'),
      20_000,
      500,
    );
    expect(byTeam).toMatchObject({ team: 'Site Reliability', interests: ['chess', 'sailing'], peerId: expect.any(String) });
    expect((await search(['young'])).map((e) => e.name)).toEqual(['Cy Young']);
    expect((await search(['interest:sail'])).map((e) => e.name)).toEqual(['Cy Young']);
    expect(await search(['team:marketing'])).toEqual([]);
    const table = await lanline(['directory', 'search', '--data-dir', dirs.bob.path, 'cy']);
    expect(table.stdout).toMatch(/Cy Young\s+\S+\s+Site Reliability\s+chess, sailing/);
    await stop('cy');
  });

  it('a flooding client is slowed to its rate while Ada and Bob keep ≥ 99 % of their delivery rate', async () => {
    const [ada, bob] = [await control(dirs.ada.path), await control(dirs.bob.path)];
    const phase = async (label: string, seconds = 8, perSecond = 20) => {
      const sent: { id: string; at: number }[] = [];
      const started = Date.now();
      for (let i = 0; i < seconds * perSecond; i++) {
        await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
        const at = Date.now();
        const message = await ada.call('messages.send', { to: status.bob.peerId, text: `${label} ${i}` });
        sent.push({ id: message.id, at });
      }
      const ids = new Set(sent.map((s) => s.id));
      const arrived = await waitFor(
        `${label}: every message at Bob`,
        async () => {
          const list = await bob.call('messages.list', { with: status.ada.peerId, limit: 1000 });
          const mine = list.filter((m) => ids.has(m.id));
          return mine.length === sent.length && mine;
        },
        20_000,
        250,
      );
      const storedAt = new Map((arrived as Message[]).map((m) => [m.id, m.storedAt]));
      const latencies = sent.map((s) => storedAt.get(s.id)! - s.at).sort((a, b) => a - b);
      const onTime = latencies.filter((ms) => ms <= 1000).length;
      return { sent: sent.length, onTime, rate: onTime / sent.length, p95: latencies[Math.floor(latencies.length * 0.95)]! };
    };

    const calm = await phase('calm');
    const sink = relayPeer(lan.host('f2'), ['sink', `${lan.host('sp').addresses.b}:7400`, '15000']);
    const { peerId: sinkPeer } = await sink.event('ready');
    const flooder = relayPeer(lan.host('f1'), ['flood', `${lan.host('sp').addresses.a}:7400`, String(sinkPeer), '11000']);
    await flooder.event('ready');
    const stormy = await phase('flood');
    const flood = await flooder.event('done');
    const drained = await sink.event('done');
    console.log('delivery', {
      calm,
      stormy,
      flood: { sent: flood.sent, seconds: flood.seconds, waited: flood.waited },
      sink: drained,
    });

    expect(calm.rate).toBe(1);
    expect(stormy.rate).toBeGreaterThanOrEqual(0.99 * calm.rate);
    // The flooder offered far more than its rate; what reached the sink is the rate over the time it
    // arrived, plus the burst (and the one frame that opens each pause).
    expect(Number(flood.waited)).toBeGreaterThan(0.5);
    // Slowed, not dropped: a client the relay is not reading still counts as alive, on both sides.
    expect(flood.stillOpen).toBe(true);
    const allowed = RATE * Number(drained.seconds) + RATE + 2 * 60_000;
    expect(Number(drained.bytes)).toBeLessThanOrEqual(allowed * 1.05);
    expect(Number(drained.bytes)).toBeGreaterThan(RATE * Number(drained.seconds) * 0.8);
    expect(flood.refusals).toContainEqual({ code: 'throttled', reason: `over ${RATE} bytes/s; slowed down to that rate` });
  });

  it('a client that keeps sending bad frames is told why, disconnected and backed off', async () => {
    const bad = relayPeer(lan.host('f1'), ['misbehave', `${lan.host('sp').addresses.a}:7400`]);
    const done = await bad.event('done');
    expect(done.closed).toMatchObject({ code: 4001 });
    const refusals = done.refusals as { code: string; reason: string }[];
    expect(refusals.slice(0, 3)).toEqual([
      { code: 'bad-frame', reason: 'a data frame starts with 0x01 and a 4-byte circuit id' },
      { code: 'bad-frame', reason: 'control frame is not JSON' },
      { code: 'bad-frame', reason: 'a data frame starts with 0x01 and a 4-byte circuit id' },
    ]);
    expect(refusals.at(-1)).toMatchObject({
      code: 'misbehaving',
      reason: expect.stringMatching(/refused frames .* come back in \d+ s/),
    });
    expect(done.comeback).toMatchObject({ status: 429, code: 'backed-off' });
    // Ada and Bob were not affected.
    expect(await peerAt('ada', 'bob')).toMatchObject({ online: true, link: 'relayed' });
  });

  it('the super peer serves metrics and a status page on 127.0.0.1 only', async () => {
    const sp = lan.host('sp');
    const metrics = await sp.exec('curl', ['-sf', 'http://127.0.0.1:9464/metrics']);
    expect(metrics.code).toBe(0);
    const value = (line: RegExp) => Number(metrics.stdout.match(line)?.[1]);
    expect(value(/^lanline_relay_clients (\d+)$/m)).toBeGreaterThanOrEqual(2);
    expect(value(/^lanline_relay_circuits (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^lanline_relay_relayed_bytes_total (\d+)$/m)).toBeGreaterThan(RATE);
    expect(value(/^lanline_relay_refusals_total\{code="throttled"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^lanline_relay_disconnects_total\{code="misbehaving"\} (\d+)$/m)).toBe(1);
    const page = await sp.exec('curl', ['-sf', 'http://127.0.0.1:9464/']);
    expect(page.stdout).toContain('<h2>Relay</h2>');
    expect(page.stdout).toContain('<h3>Queues (oldest first)</h3>');
    expect(value(/^lanline_mailbox_delivered_total (\d+)$/m)).toBeGreaterThanOrEqual(30);
    expect(value(/^lanline_mailbox_deposits_total (\d+)$/m)).toBeGreaterThanOrEqual(30);
    expect(value(/^lanline_mailbox_messages (\d+)$/m)).toBe(0);
    const relay = await lanlineJson<{ relay: RelayStatus }>(['super-peers', '--data-dir', dirs.sp.path]);
    expect(relay.relay.refusals.throttled).toBeGreaterThanOrEqual(1);
    const fromLan = await lan.host('h1').exec('curl', ['-s', '-m', '2', `http://${sp.addresses.a}:9464/metrics`]);
    expect(fromLan.code).not.toBe(0);
  });

  it('on SIGTERM the super peer tells its clients, flushes and exits 0; the relayed link goes with it', async () => {
    const exited = new Promise<number | null>((r) => superPeer.once('exit', (code) => r(code)));
    superPeer.kill('SIGTERM');
    expect(await Promise.race([exited, sleep(6000).then(() => 'still running')])).toBe(0);
    expect(superPeer.log.join('')).toMatch(/relay stopped/);
    await waitFor('Bob offline at Ada', async () => !(await peerAt('ada', 'bob'))?.online, 15_000, 250);
    const { superPeers } = await lanlineJson<{ superPeers: SuperPeerInfo[] }>(['super-peers', '--data-dir', dirs.ada.path]);
    expect(superPeers.some((s) => s.primary)).toBe(false);
  });
});
