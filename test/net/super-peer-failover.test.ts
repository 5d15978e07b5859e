import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { ApiClient } from '../../src/core/api/rpc';
import { rankHolders } from '../../src/core/mailbox/placement';
import type { Message, Status } from '../../src/core/model';
import type { MailboxStatus, SuperPeerInfo } from '../../src/core/super-peer-info';
import { connectControl } from '../../src/main/control/client';
import { lanlineJson, startNode } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type VirtualLan } from '../support/netns';

const net = netAvailability();
if (!net.ok) console.log(net.reason);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Who = 'ada' | 'bob' | 'sp1' | 'sp2';

/**
 * Two subnets with no route between them, and two super peers attached to
 * both. Nobody is configured: clients find both by mDNS. One super peer is
 * killed (SIGKILL) while Ada and Bob send to each other: its clients move to
 * the other within 5 s, and every message arrives exactly once. Then, with
 * both up again, Bob goes away, Ada deposits and quits, the super peer Bob
 * would ask first is killed, and Bob still gets everything from the other.
 */
describe.skipIf(!net.ok)('two super peers, one of them dying', () => {
  let lan: VirtualLan;
  const dirs = { ada: tempDir(), bob: tempDir(), sp1: tempDir(), sp2: tempDir() };
  const hostOf: Record<Who, string> = { ada: 'h1', bob: 'h2', sp1: 's1', sp2: 's2' };
  const names: Record<Who, string> = { ada: 'Ada', bob: 'Bob', sp1: 'Super One', sp2: 'Super Two' };
  const nodes: Partial<Record<Who, ChildProcess & { log: string[] }>> = {};
  const status = {} as Record<Who, Status>;
  const controls: Array<{ close(): void }> = [];

  const start = (who: Who) =>
    (nodes[who] = startNode(lan.host(hostOf[who]), dirs[who].path, names[who], who.startsWith('sp') ? ['--super'] : []));
  const stop = async (who: Who, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = nodes[who]!;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await Promise.race([exited, sleep(8000)]);
  };
  const api = async (who: Who): Promise<ApiClient> => {
    const c = await waitFor(`${who}'s control socket`, () => connectControl(dirs[who].path).catch(() => undefined), 20_000, 200);
    controls.push(c);
    return c.api;
  };
  const superPeersAt = async (who: Who) =>
    (await lanlineJson<{ superPeers: SuperPeerInfo[] }>(['super-peers', '--data-dir', dirs[who].path])).superPeers;
  const mailboxAt = async (who: Who) =>
    (await lanlineJson<{ mailbox: MailboxStatus }>(['super-peers', '--data-dir', dirs[who].path])).mailbox;
  const historyAt = (who: Who, other: Who) =>
    lanlineJson<Message[]>(['messages', '--data-dir', dirs[who].path, '--with', status[other].peerId, '--limit', '1000']);
  /** Both clients use a super peer, know both, hold a verified link to both, and are linked to each other. */
  const settled = async () => {
    for (const who of ['ada', 'bob'] as const)
      await waitFor(
        `${who} uses a super peer and is linked to both`,
        async () => {
          const list = await superPeersAt(who).catch(() => []);
          return list.length === 2 && list.some((s) => s.primary && s.state === 'connected') && list.every((s) => s.linked);
        },
        45_000,
        250,
      );
    await waitFor(
      'Ada and Bob linked',
      async () =>
        (await lanlineJson<Array<{ peerId: string; online: boolean }>>(['peers', '--data-dir', dirs.ada.path])).some(
          (p) => p.peerId === status.bob.peerId && p.online,
        ),
      45_000,
      250,
    );
  };

  beforeAll(async () => {
    lan = await createLan({
      subnets: [{ id: 'a' }, { id: 'b' }],
      hosts: [
        { name: 'h1', subnets: ['a'] },
        { name: 'h2', subnets: ['b'] },
        { name: 's1', subnets: ['a', 'b'] },
        { name: 's2', subnets: ['a', 'b'] },
      ],
    });
    for (const who of ['sp1', 'sp2', 'ada', 'bob'] as const) start(who);
    for (const who of ['sp1', 'sp2', 'ada', 'bob'] as const)
      status[who] = await waitFor(`${who} up`, () =>
        lanlineJson<Status>(['status', '--data-dir', dirs[who].path]).catch(() => undefined),
      );
    await settled();
  });

  afterAll(async () => {
    for (const c of controls) c.close();
    await lan?.destroy();
    for (const d of Object.values(dirs)) d.remove();
  });

  it('killing one under load: its clients move within 5 s, and nothing is lost or duplicated', async () => {
    const [ada, bob] = [await api('ada'), await api('bob')];
    const primaryOf = async (who: 'ada' | 'bob') =>
      (await superPeersAt(who)).find((s) => s.primary && s.state === 'connected')?.peerId;
    const victim: 'sp1' | 'sp2' = (await primaryOf('ada')) === status.sp1.peerId ? 'sp1' : 'sp2';
    const usedBefore = { ada: await primaryOf('ada'), bob: await primaryOf('bob') };
    const sent = { ada: [] as string[], bob: [] as string[] };
    const started = Date.now();
    const load = async (from: 'ada' | 'bob', client: ApiClient, to: 'ada' | 'bob', perSecond: number, seconds: number) => {
      for (let i = 0; i < perSecond * seconds; i++) {
        await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
        const text = `${from} load ${i}`;
        await client.call('messages.send', { to: status[to].peerId, text });
        sent[from].push(text);
      }
    };
    const sending = Promise.all([load('ada', ada, 'bob', 20, 12), load('bob', bob, 'ada', 10, 12)]);

    await sleep(4000);
    const killedAt = Date.now();
    await stop(victim, 'SIGKILL');
    const moved = async (who: 'ada' | 'bob') => {
      if (usedBefore[who] !== status[victim].peerId) return 0; // it was not using the one that died
      await waitFor(
        `${who} moved to the other super peer`,
        async () => {
          const now = await primaryOf(who).catch(() => undefined);
          return now !== undefined && now !== status[victim].peerId;
        },
        30_000,
        50,
      );
      return Date.now() - killedAt;
    };
    const failover = { ada: await moved('ada'), bob: await moved('bob') };
    console.log('failover after SIGKILL of the super peer in use (ms)', failover);
    expect(failover.ada).toBeGreaterThan(0);
    expect(failover.ada).toBeLessThanOrEqual(5000);
    expect(failover.bob).toBeLessThanOrEqual(5000);
    await sending;

    for (const [from, to] of [
      ['ada', 'bob'],
      ['bob', 'ada'],
    ] as const) {
      const arrived = await waitFor(
        `every message from ${from} at ${to}`,
        async () => {
          const list = (await historyAt(to, from)).filter((m) => !m.outgoing && m.text.startsWith(`${from} load`));
          return list.length >= sent[from].length ? list : undefined;
        },
        90_000,
        500,
      );
      const texts = arrived.map((m) => m.text);
      expect(new Set(texts).size, 'no duplicates').toBe(texts.length);
      expect([...texts].sort()).toEqual([...sent[from]].sort());
    }
    await waitFor(
      'every message delivered at its author',
      async () => (await historyAt('ada', 'bob')).filter((m) => m.outgoing).every((m) => m.state === 'delivered'),
      60_000,
      500,
    );
    console.log('lost 0, duplicated 0', { adaToBob: sent.ada.length, bobToAda: sent.bob.length });
    start(victim);
  });

  it('a message deposited with both is delivered by the survivor when the other dies', async () => {
    await settled();
    await stop('bob');
    const ada = await api('ada');
    const texts = Array.from({ length: 20 }, (_, i) => `kept safe ${i}`);
    for (const text of texts) await ada.call('messages.send', { to: status.bob.peerId, text });
    for (const sp of ['sp1', 'sp2'] as const)
      await waitFor(
        `${sp} holds all twenty for Bob`,
        async () => (await mailboxAt(sp)).queues.find((q) => q.recipient === status.bob.peerId)?.messages === texts.length,
        30_000,
        250,
      );
    await waitFor(
      'Ada has both confirmations',
      async () => (await ada.call('conversations.paths', { with: status.bob.peerId }))[0]?.deposited === texts.length,
      10_000,
      250,
    );
    await stop('ada');
    // The one Bob's mail is placed with first, so the copy he would fetch first is gone.
    const [first] = rankHolders(status.bob.peerId, [status.sp1.peerId, status.sp2.peerId]);
    const doomed = first === status.sp1.peerId ? 'sp1' : 'sp2';
    await stop(doomed, 'SIGKILL');
    start('bob');
    const got = await waitFor(
      'Bob got all twenty',
      async () => {
        const list = (await historyAt('bob', 'ada').catch(() => [])).filter((m) => m.text.startsWith('kept safe'));
        return list.length >= texts.length ? list : undefined;
      },
      45_000,
      250,
    );
    expect(got.map((m) => m.text)).toEqual(texts);
  });
});
