import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FileOffer } from '../../src/core/files/manifest';
import type { ServedFile } from '../../src/core/files/served-file';
import { linked, startTestBackend, tempDir, waitFor, type TestBackend } from '../support/backends';
import { sha256File, watchTransfers, writeRandomFile } from '../support/files';

const MiB = 1024 * 1024;
/** Each source's upload cap. A token bucket in each node's uploader stands in for tc on a virtual LAN here (see docs/FILES.md). */
const SOURCE_RATE = 8e6;

/**
 * Several peers hold the same file (the sender and group members who
 * finished it); a newcomer pulls from all of them at once. Sources are asked
 * only within the conversation, so everyone here is in one group.
 */
describe('multi-source download', () => {
  const running: TestBackend[] = [];
  const dirs: Array<{ remove(): void }> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    dirs.splice(0).forEach((d) => d.remove());
  });

  let group = '';
  async function node(name: string, peers: TestBackend[] = []) {
    const b = await startTestBackend(name, { peers: peers.map((p) => p.address) });
    running.push(b);
    for (const peer of peers) await linked(b, peer);
    if (peers.length === 0) group = (await b.api.call('groups.create', { name: 'Data', members: [] })).id;
    else {
      const origin = running[0]!;
      const { members } = await origin.api.call('groups.add', { group, peer: b.backend.identity.peerId });
      // Everyone linked learns the member list, so each may be asked as a source.
      for (const member of [b, ...peers])
        await waitFor(
          `${member.backend.engine.name} knows the members`,
          async () => (await member.api.call('groups.list', {}))[0]?.members.length === members.length,
        );
    }
    return b;
  }

  /** `origin` offers a file; every node in `holders` receives the same offer and fetches it whole. */
  async function seed(size: number, origin: TestBackend, holders: TestBackend[]) {
    const files = tempDir('lanline-files-');
    dirs.push(files);
    const path = join(files.path, 'dataset.bin');
    await writeRandomFile(path, size);
    const offer = await origin.backend.files.offer(group, [path]);
    for (const holder of holders) await receive(holder, origin, offer);
    return { path, offer };
  }

  async function receive(node: TestBackend, from: TestBackend, offer: FileOffer) {
    node.backend.files.receiveOffer(from.backend.identity.peerId, offer, { conversation: group, messageId: 'seeded' });
    const started = Date.now();
    // When chunks began to arrive and from how many sources at most: what a slow run on a loaded machine spent its time on.
    let firstChunkAt: number | undefined;
    let mostSources = 0;
    node.backend.files.onDidChange.on((s) => {
      if (s.offerId !== offer.id) return;
      if (s.bytesDone > 0) firstChunkAt ??= Date.now();
      mostSources = Math.max(mostSources, s.sources);
    });
    await node.backend.files.accept(offer.id);
    const done = await watchTransfers(node).until(
      `${node.backend.engine.name} has the file`,
      offer.id,
      (s) => s.state === 'done',
      120_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const story = `${seconds.toFixed(2)} s (first chunk after ${firstChunkAt ? ((firstChunkAt - started) / 1000).toFixed(2) : '?'} s, up to ${mostSources} sources)`;
    return { seconds, story, path: done.localPath! };
  }

  it('three equally limited sources are at least 2.5× as fast as one', async () => {
    const origin = await node('Origin');
    const { path, offer } = await seed(64 * MiB, origin, []);
    // Gossip links everyone to everyone, so the one-source run comes first, while only the origin holds the file.
    origin.backend.files.setUploadLimit(SOURCE_RATE);
    const alone = await node('Alone', [origin]);
    const one = await receive(alone, origin, offer);
    running.splice(running.indexOf(alone), 1);
    await alone.stop();

    origin.backend.files.setUploadLimit(undefined);
    const second = await node('Second', [origin]);
    const third = await node('Third', [origin]);
    for (const holder of [second, third]) await receive(holder, origin, offer);
    for (const source of [origin, second, third]) source.backend.files.setUploadLimit(SOURCE_RATE);
    const crowd = await node('Crowd', [origin, second, third]);
    const three = await receive(crowd, origin, offer);

    console.log(`one source ${one.story}; three sources ${three.story}: ${(one.seconds / three.seconds).toFixed(2)}×`);
    expect(await sha256File(three.path)).toBe(await sha256File(path));
    expect(one.seconds).toBeGreaterThan((0.9 * 64 * MiB) / SOURCE_RATE); // the cap held (less its burst)
    expect(one.seconds / three.seconds).toBeGreaterThanOrEqual(2.5);
  }, 180_000);

  it('a source serving corrupt chunks is caught by the proofs, dropped, and the file completes from the others', async () => {
    const origin = await node('Origin');
    const liar = await node('Liar', [origin]);
    const { path, offer } = await seed(24 * MiB, origin, [liar]);
    const root = offer.manifest.entries[0]!.root;
    // The liar serves real chunks with one byte flipped: what a damaged disk or a malicious peer would send.
    const real = liar.backend.engine.files.servedFile(root)!;
    const corrupt: ServedFile = {
      entry: real.entry,
      have: () => real.have(),
      async read(index) {
        const chunk = await real.read(index);
        const sealed = chunk.sealed.slice();
        sealed[sealed.length >> 1]! ^= 0x40;
        chunk.release?.();
        return { sealed, proof: chunk.proof };
      },
    };
    liar.backend.engine.files.publish(corrupt);
    origin.backend.files.setUploadLimit(SOURCE_RATE); // the liar is faster, so it is asked for plenty

    const victim = await node('Victim', [origin, liar]);
    const got = await receive(victim, origin, offer);
    expect(await sha256File(got.path)).toBe(await sha256File(path));
    const rejections = victim.log.lines.filter((line) => line.includes('chunk failed its Merkle proof'));
    expect(rejections.length).toBeGreaterThanOrEqual(1);
    expect(rejections.every((line) => line.includes(liar.backend.identity.peerId))).toBe(true);
    expect(rejections.some((line) => JSON.parse(line).dropped === true)).toBe(true);
    expect(rejections.length).toBeLessThanOrEqual(3);
  }, 120_000);
});
