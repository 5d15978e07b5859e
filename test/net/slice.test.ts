import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { lanline, lanlineJson, startNode } from '../support/cli';
import { tempDir, waitFor } from '../support/backends';
import { createLan, netAvailability, type VirtualLan } from '../support/netns';
import type { ConversationSummary, Message, Peer, SearchHit, Status } from '../../src/core/model';

const net = netAvailability();
if (!net.ok) console.log(net.reason);

/**
 * The thin slice on a virtual LAN: two real `lanline node` processes in their
 * own network namespaces find each other by mDNS, open a WebRTC data channel,
 * and exchange a signed message that the CLI then shows from each database.
 */
describe.skipIf(!net.ok)('two nodes on a virtual LAN', () => {
  let lan: VirtualLan;
  const dirs = [tempDir(), tempDir()];
  const [adaDir, bobDir] = dirs.map((d) => d.path) as [string, string];
  let ada: Status;
  let bob: Status;
  let bobProcess: ReturnType<typeof startNode>;

  beforeAll(async () => {
    lan = await createLan({ hosts: 2 });
    startNode(lan.host('h1'), adaDir, 'Ada');
    bobProcess = startNode(lan.host('h2'), bobDir, 'Bob');
    ada = await waitFor('Ada’s node', () => lanlineJson<Status>(['status', '--data-dir', adaDir]).catch(() => undefined));
    bob = await waitFor('Bob’s node', () => lanlineJson<Status>(['status', '--data-dir', bobDir]).catch(() => undefined));
  });

  afterAll(async () => {
    await lan?.destroy();
    dirs.forEach((d) => d.remove());
  });

  it('each node reports who it is, and keeps its control socket private', async () => {
    expect(ada).toMatchObject({ name: 'Ada', peerId: expect.stringMatching(/^[a-z2-7]{52}$/), mdns: true, signallingPort: 7400 });
    expect(bob.name).toBe('Bob');
    expect(statSync(join(adaDir, 'control.sock')).mode & 0o777).toBe(0o600);
    expect(statSync(adaDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(adaDir, 'identity.key')).mode & 0o777).toBe(0o600);
  });

  it('they find each other by mDNS and link within seconds', async () => {
    const seen = await waitFor(
      'Bob online in Ada’s peer list',
      async () => (await lanlineJson<Peer[]>(['peers', '--data-dir', adaDir])).find((p) => p.peerId === bob.peerId && p.online),
      15_000,
      200,
    );
    expect(seen).toMatchObject({ name: 'Bob', role: bob.role, addresses: [`${lan.host('h2').address}:7400`] });
  });

  it('a message sent with the CLI arrives, is stored on both sides, and is acknowledged', async () => {
    const sent = await lanlineJson<Message>(['send', '--data-dir', adaDir, '--to', bob.peerId, 'Hello Bob, over the LAN']);
    expect(sent).toMatchObject({ from: ada.peerId, to: bob.peerId, text: 'Hello Bob, over the LAN' });

    const atBob = await waitFor('the message in Bob’s history', async () =>
      (await lanlineJson<Message[]>(['messages', '--data-dir', bobDir, '--with', ada.peerId])).find((m) => m.id === sent.id),
    );
    expect(atBob).toMatchObject({ from: ada.peerId, text: 'Hello Bob, over the LAN', state: 'received', sentAt: sent.sentAt });
    await waitFor('delivered at Ada', async () =>
      (await lanlineJson<Message[]>(['messages', '--data-dir', adaDir, '--with', 'Bob'])).find(
        (m) => m.id === sent.id && m.state === 'delivered',
      ),
    );
  });

  it('history is oldest first', async () => {
    await lanlineJson<Message>(['send', '--data-dir', bobDir, '--to', 'Ada', 'Hi Ada!']);
    const history = await waitFor('two messages', async () => {
      const list = await lanlineJson<Message[]>(['messages', '--data-dir', adaDir, '--with', bob.peerId]);
      return list.length === 2 ? list : undefined;
    });
    expect(history.map((m) => m.text)).toEqual(['Hello Bob, over the LAN', 'Hi Ada!']);
  });

  it('the CLI lists conversations with unread counts and searches history', async () => {
    const conversations = await lanlineJson<ConversationSummary[]>(['conversations', '--data-dir', adaDir]);
    expect(conversations).toEqual([expect.objectContaining({ conversation: bob.peerId, unread: 1 })]);
    const hits = await lanlineJson<SearchHit[]>(['search', '--data-dir', adaDir, 'over', 'LAN']);
    expect(hits.map((h) => h.message.text)).toEqual(['Hello Bob, over the LAN']);
    expect(hits[0]!.snippet).toContain('LAN');
  });

  it('send exits non-zero with a clear message when it cannot queue', async () => {
    const stranger = await lanline(['send', '--data-dir', adaDir, '--to', 'q'.repeat(52), 'hi']);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/No peer .* is known to this node/);
    const nobody = await lanline(['send', '--data-dir', adaDir, '--to', 'Carol', 'hi']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/Nobody called "Carol" is known/);
    const noNode = await lanline(['status', '--data-dir', join(adaDir, 'nowhere')]);
    expect(noNode.code).toBe(1);
    expect(noNode.stderr).toMatch(/No Lanline node is running/);
  });

  it('a clean quit shows the peer offline within two seconds', async () => {
    bobProcess.kill('SIGTERM');
    const started = Date.now();
    await waitFor(
      'Bob offline at Ada',
      async () => (await lanlineJson<Peer[]>(['peers', '--data-dir', adaDir])).find((p) => p.peerId === bob.peerId && !p.online),
      5000,
      100,
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
