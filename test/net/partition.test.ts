import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Peer, Status } from '../../src/core/model';
import { lanlineJson, startNode } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type VirtualLan } from '../support/netns';

const net = netAvailability();
if (!net.ok) console.log(net.reason);

/**
 * A network partition and its heal: while Bob's cable is out, everyone keeps
 * writing; when it is back, every message arrives exactly once on the other
 * side and the histories are the same. In the group, the author of some of
 * them has gone home by then: Cy hands them to Bob (anti-entropy).
 */
describe.skipIf(!net.ok)('a partition heals', () => {
  let lan: VirtualLan;
  const dirs = [tempDir(), tempDir(), tempDir()];
  const [adaDir, bobDir, cyDir] = dirs.map((d) => d.path) as [string, string, string];
  let ada: Status;
  let bob: Status;
  let cy: Status;
  let adaNode: ReturnType<typeof startNode>;
  const online = async (dir: string, peerId: string) =>
    (await lanlineJson<Peer[]>(['peers', '--data-dir', dir])).some((p) => p.peerId === peerId && p.online);
  const history = (dir: string, peerId: string) =>
    lanlineJson<Message[]>(['messages', '--data-dir', dir, '--with', peerId, '--limit', '1000']);
  const send = (dir: string, to: string, text: string) => lanlineJson<Message>(['send', '--data-dir', dir, '--to', to, text]);

  beforeAll(async () => {
    lan = await createLan({ hosts: 3 });
    adaNode = startNode(lan.host('h1'), adaDir, 'Ada');
    startNode(lan.host('h2'), bobDir, 'Bob');
    startNode(lan.host('h3'), cyDir, 'Cy');
    ada = await waitFor('Ada', () => lanlineJson<Status>(['status', '--data-dir', adaDir]).catch(() => undefined));
    bob = await waitFor('Bob', () => lanlineJson<Status>(['status', '--data-dir', bobDir]).catch(() => undefined));
    cy = await waitFor('Cy', () => lanlineJson<Status>(['status', '--data-dir', cyDir]).catch(() => undefined));
    await waitFor('linked', () => online(adaDir, bob.peerId), 15_000, 200);
    await waitFor('all linked', async () => (await online(adaDir, cy.peerId)) && (await online(bobDir, cy.peerId)), 15_000, 200);
  });

  afterAll(async () => {
    await lan?.destroy();
    dirs.forEach((d) => d.remove());
  });

  it('messages written on both sides during the partition all arrive after it heals', async () => {
    await send(adaDir, bob.peerId, 'before the cut');
    await lan.host('h2').linkDown('a');
    await waitFor('Ada sees Bob gone', async () => !(await online(adaDir, bob.peerId)), 12_000, 250);

    const during = [
      await send(adaDir, bob.peerId, 'Ada during 1'),
      await send(bobDir, ada.peerId, 'Bob during 1'),
      await send(adaDir, bob.peerId, 'Ada during 2'),
      await send(bobDir, ada.peerId, 'Bob during 2'),
    ];
    // Nothing can be delivered now (Ada may hand hers to Cy to pass on, which makes them `sent`).
    for (const m of during) expect(['pending', 'sent']).toContain(m.state);

    await lan.host('h2').linkUp('a');
    await waitFor('linked again', () => online(adaDir, bob.peerId), 30_000, 250);
    await waitFor(
      'everything delivered',
      async () =>
        [...(await history(adaDir, bob.peerId)), ...(await history(bobDir, ada.peerId))]
          .filter((m) => m.outgoing)
          .every((m) => m.state === 'delivered'),
      20_000,
      250,
    );
    const [atAda, atBob] = [await history(adaDir, bob.peerId), await history(bobDir, ada.peerId)];
    expect(atAda.map((m) => m.id)).toEqual(atBob.map((m) => m.id));
    expect(atAda.map((m) => m.text).sort()).toEqual(
      ['Ada during 1', 'Ada during 2', 'Bob during 1', 'Bob during 2', 'before the cut'].sort(),
    );
  });

  it('in a group, what Ada wrote during the partition reaches Bob through Cy after Ada has left', async () => {
    const group = (
      await lanlineJson<{ id: string }>(['group', 'create', '--data-dir', adaDir, 'Team', '--member', 'Bob', '--member', 'Cy'])
    ).id;
    const groupText = async (dir: string) =>
      (await lanlineJson<Message[]>(['messages', '--data-dir', dir, '--group', group, '--limit', '1000']))
        .filter((m) => m.kind === 'text')
        .map((m) => m.text);
    const say = (dir: string, text: string) => lanlineJson<Message>(['send', '--data-dir', dir, '--group', group, text]);
    await waitFor(
      'Bob in the group',
      async () => (await lanlineJson<Array<{ id: string }>>(['groups', '--data-dir', bobDir])).length === 1,
    );

    await lan.host('h2').linkDown('a');
    await waitFor('Cy sees Bob gone', async () => !(await online(cyDir, bob.peerId)), 12_000, 250);
    await say(adaDir, 'Ada while Bob was away');
    await say(cyDir, 'Cy while Bob was away');
    await say(bobDir, 'Bob while cut off');
    await waitFor('Cy has Ada’s', async () => (await groupText(cyDir)).includes('Ada while Bob was away'), 10_000, 200);
    // Ada goes home before Bob is back.
    adaNode.kill('SIGTERM');
    await waitFor('Cy sees Ada gone', async () => !(await online(cyDir, ada.peerId)), 12_000, 250);

    await lan.host('h2').linkUp('a');
    await waitFor('Bob and Cy linked again', () => online(cyDir, bob.peerId), 30_000, 250);
    const expected = ['Ada while Bob was away', 'Cy while Bob was away', 'Bob while cut off'].sort();
    for (const dir of [bobDir, cyDir])
      await waitFor(
        'every group message on both',
        async () => expected.every((t) => groupText(dir).then((h) => h.includes(t))),
        20_000,
        250,
      );
    for (const dir of [bobDir, cyDir]) {
      const texts = await groupText(dir);
      for (const text of expected) expect(texts.filter((t) => t === text)).toHaveLength(1);
    }
    expect(await groupText(bobDir)).toEqual(await groupText(cyDir));
  });
});
