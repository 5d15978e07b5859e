import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Peer, Status } from '../../src/core/model';
import { lanlineJson, startNode } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type VirtualLan } from '../support/netns';

const net = netAvailability();
if (!net.ok) console.log(net.reason);

/**
 * A network partition and its heal: while Bob's cable is out, both keep
 * writing; when it is back, every message arrives exactly once on the other
 * side and both histories are the same.
 */
describe.skipIf(!net.ok)('a partition heals', () => {
  let lan: VirtualLan;
  const dirs = [tempDir(), tempDir()];
  const [adaDir, bobDir] = dirs.map((d) => d.path) as [string, string];
  let ada: Status;
  let bob: Status;
  const online = async (dir: string, peerId: string) =>
    (await lanlineJson<Peer[]>(['peers', '--data-dir', dir])).some((p) => p.peerId === peerId && p.online);
  const history = (dir: string, peerId: string) =>
    lanlineJson<Message[]>(['messages', '--data-dir', dir, '--with', peerId, '--limit', '1000']);
  const send = (dir: string, to: string, text: string) => lanlineJson<Message>(['send', '--data-dir', dir, '--to', to, text]);

  beforeAll(async () => {
    lan = await createLan({ hosts: 2 });
    startNode(lan.host('h1'), adaDir, 'Ada');
    startNode(lan.host('h2'), bobDir, 'Bob');
    ada = await waitFor('Ada', () => lanlineJson<Status>(['status', '--data-dir', adaDir]).catch(() => undefined));
    bob = await waitFor('Bob', () => lanlineJson<Status>(['status', '--data-dir', bobDir]).catch(() => undefined));
    await waitFor('linked', () => online(adaDir, bob.peerId), 15_000, 200);
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
    expect(during.map((m) => m.state)).toEqual(['pending', 'pending', 'pending', 'pending']);

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
});
