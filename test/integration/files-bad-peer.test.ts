import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { Bitfield } from '../../src/core/files/bitfield';
import { encodeChunkFrame } from '../../src/core/files/chunk-frame';
import type { Download } from '../../src/core/files/download';
import { CHUNK_UNIT, type FileEntry } from '../../src/core/files/manifest';
import { MerkleTree } from '../../src/core/files/merkle';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../../src/core/identity';
import { Link } from '../../src/core/link';
import type { Pipe } from '../../src/core/pipe';
import type { Frame } from '../../src/core/wire/frames';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { recordingLogger, tempDir, waitFor } from '../support/backends';
import { wrtcPipePair } from '../support/wrtc-pair';

/**
 * A peer that completes a genuine handshake, then abuses the file protocol
 * over a real data channel: bulk data nobody asked for costs it the link,
 * malformed binary frames are dropped with a reason.
 */
describe('a peer abusing the file protocol', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let engine: Engine;
  let log: ReturnType<typeof recordingLogger>;
  let rogue: Identity;
  let rogueLink: Link;
  let roguePipe: Pipe;
  let received: Frame[];
  let close: () => void;

  beforeEach(async () => {
    dir = tempDir();
    log = recordingLogger('info');
    const platform = nodePlatform(log);
    store = new SqliteStore(join(dir.path, 'lanline.db'));
    engine = new Engine({
      identity: identityFromSecretKey(generateSecretKey(platform.randomBytes)),
      platform,
      store,
      name: 'Victim',
      role: 'basic',
    });
    rogue = identityFromSecretKey(generateSecretKey(platform.randomBytes));
    const pair = await wrtcPipePair();
    close = pair.close;
    roguePipe = pair.b;
    rogueLink = new Link(roguePipe, {
      identity: rogue,
      platform: nodePlatform(recordingLogger()),
      localName: 'Rogue',
      localRole: 'basic',
      expectedPeer: engine.identity.peerId,
    });
    received = [];
    rogueLink.onDidReceiveFrame.on((frame) => received.push(frame));
    await Promise.all([engine.attach(pair.a, rogue.peerId), rogueLink.open()]);
  });

  afterEach(() => {
    engine.stop();
    close();
    store.close();
    dir.remove();
  });

  const entry: FileEntry = {
    path: 'x.bin',
    size: 40 * CHUNK_UNIT,
    type: 'application/octet-stream',
    chunkSize: CHUNK_UNIT,
    root: 'ab'.repeat(32),
  };

  /** The victim starts fetching `entry` with the rogue as its only source, and the rogue says it has it all. */
  async function downloadFromRogue(): Promise<{ download: Download; session: number; requested: number[] }> {
    const download = engine.files.download(
      { entry, verified: new Bitfield(40), tree: new MerkleTree(40), sink: { write: async () => {} } },
      [rogue.peerId],
    );
    const open = await waitFor('file-open', () => received.find((f) => f.t === 'file-open'));
    rogueLink.send({ t: 'file-have', s: open.s, bits: 'all' });
    const get = await waitFor('file-get', () => received.find((f) => f.t === 'file-get'));
    const requested = get.ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i));
    return { download, session: open.s, requested };
  }

  const cutOff = () => log.lines.some((line) => line.includes('cut off a peer that sent file data it was not asked for'));

  it('file data for a session that was never opened closes the link', async () => {
    rogueLink.sendBinary(encodeChunkFrame(7, 0, 0, [], new Uint8Array(1000)));
    await waitFor('the victim to cut the rogue off', () => !engine.isLinked(rogue.peerId));
    expect(cutOff()).toBe(true);
  });

  it('a chunk that was not requested closes the link', async () => {
    const { session, requested } = await downloadFromRogue();
    expect(requested).not.toContain(39);
    rogueLink.sendBinary(encodeChunkFrame(session, 39, 0, [], new Uint8Array(1000)));
    await waitFor('the victim to cut the rogue off', () => !engine.isLinked(rogue.peerId));
    expect(log.lines.find((l) => l.includes('cut off'))).toContain('chunk 39 was not requested');
  });

  it('more bytes than a requested chunk holds closes the link', async () => {
    const { session, requested } = await downloadFromRogue();
    const index = requested[0]!;
    rogueLink.sendBinary(encodeChunkFrame(session, index, 0, [], new Uint8Array(200_000)));
    rogueLink.sendBinary(encodeChunkFrame(session, index, 200_000, [], new Uint8Array(70_000)));
    await waitFor('the victim to cut the rogue off', () => !engine.isLinked(rogue.peerId));
    expect(log.lines.find((l) => l.includes('cut off'))).toContain('more bytes than');
  });

  it('a requested chunk with a bad proof is refused without trusting a byte of it', async () => {
    const { download, session, requested } = await downloadFromRogue();
    const rejected: number[] = [];
    download.onDidRejectChunk.on(({ index }) => rejected.push(index));
    const sealed = new Uint8Array(CHUNK_UNIT + 16);
    rogueLink.sendBinary(
      encodeChunkFrame(session, requested[0]!, 0, Array(6).fill(new Uint8Array(32)), sealed.subarray(0, 200_000)),
    );
    rogueLink.sendBinary(encodeChunkFrame(session, requested[0]!, 200_000, [], sealed.subarray(200_000)));
    await waitFor('the chunk to be rejected', () => rejected.length > 0);
    expect(download.progress().bytesDone).toBe(0);
    expect(engine.isLinked(rogue.peerId)).toBe(true); // a bad chunk costs the source its standing, not the link
  });

  it('malformed binary frames are dropped with a reason and the link stays up', async () => {
    roguePipe.send(Uint8Array.of(0x09, 1, 2, 3)); // an unknown kind
    roguePipe.send(Uint8Array.of(0x01, 0, 0)); // a chunk frame shorter than its header
    roguePipe.send(Uint8Array.of(0x01, ...new Array(12).fill(0), 3, ...new Array(40).fill(0))); // proof promised, not there
    // (An oversized frame cannot be sent over wrtc at all: it closes a channel on any message
    // above 256 KiB. The size check is for stacks that allow more; test/unit/files-frames.test.ts.)
    await waitFor('three drops', () => log.lines.filter((l) => l.includes('dropped frame')).length >= 3);
    const reasons = log.lines.filter((l) => l.includes('dropped frame')).map((l) => JSON.parse(l).reason);
    expect(reasons).toEqual(['unknown-type', 'schema', 'schema']);
    expect(engine.isLinked(rogue.peerId)).toBe(true);
  });
});
