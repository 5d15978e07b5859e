import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AVATAR_MAX_BYTES, avatarHash } from '../../src/core/avatar/avatar-image';
import { b64 } from '../../src/core/bytes';
import { signPresence } from '../../src/core/presence';
import { startHostilePeer, type HostilePeer } from '../support/hostile-peer';
import { startLinkedPair, startTestBackend, waitFor, type TestBackend } from '../support/backends';
import { gradientPng } from '../support/png';

/**
 * Profile pictures between two real backends (loopback signalling, wrtc,
 * SQLite): the hash is signed into presence, the bytes fetched over the
 * link and checked against it.
 */
describe('profile pictures', () => {
  const running: TestBackend[] = [];
  const hostile: HostilePeer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    hostile.splice(0).forEach((h) => h.stop());
  });

  const pair = () => startLinkedPair(running);

  it('Ada publishes a picture; Bob sees its signed hash and ends up with the same bytes, cached by hash', async () => {
    const { ada, bob, adaId } = await pair();
    const picture = gradientPng(48, 48);
    const profile = await ada.api.call('profile.setAvatar', { data: picture.toString('base64') });
    const hash = avatarHash(picture);
    expect(profile.avatar).toBe(hash);
    expect((await ada.api.call('status.get', {})).avatar).toBe(hash);

    const seen = await waitFor('Ada’s picture hash at Bob', async () =>
      (await bob.api.call('peers.list', {})).find((p) => p.peerId === adaId && p.avatar === hash),
    );
    expect(seen.avatar).toBe(hash);
    const served = await bob.api.call('avatars.get', { hash });
    expect(served.type).toBe('image/png');
    expect(Buffer.from(b64.decode(served.data)).equals(picture)).toBe(true);

    // On Bob's disk: the bytes under their hash, and the hash on Ada's peer row (so it survives a restart).
    const db = new Database(join(bob.dataDir, 'lanline.db'), { readonly: true });
    const row = db.prepare('SELECT bytes FROM avatars WHERE hash = ?').get(hash) as { bytes: Buffer };
    const peer = db.prepare('SELECT avatar FROM peers WHERE peer_id = ?').get(adaId) as { avatar: string };
    db.close();
    expect(row.bytes.equals(picture)).toBe(true);
    expect(peer.avatar).toBe(hash);

    // Withdrawn: Bob's list shows no picture for Ada any more.
    await ada.api.call('profile.setAvatar', { data: null });
    await waitFor('no picture for Ada at Bob', async () =>
      (await bob.api.call('peers.list', {})).find((p) => p.peerId === adaId && p.avatar === null),
    );
  });

  it('Ada’s picture survives her restart, and is published again from her settings', async () => {
    const ada = await startTestBackend('Ada');
    running.push(ada);
    const picture = gradientPng(40, 40);
    await ada.api.call('profile.setAvatar', { data: picture.toString('base64') });
    const dataDir = ada.dataDir;
    ada.api.close();
    await ada.backend.stop();
    running.splice(running.indexOf(ada), 1);
    const again = await startTestBackend('Ada', {}, dataDir);
    running.push(again);
    expect((await again.api.call('profile.get', {})).avatar).toBe(avatarHash(picture));
  });

  it('refuses a picture over 12 KiB and one that is not an image, saying why', async () => {
    const ada = await startTestBackend('Ada');
    running.push(ada);
    const tooLarge = gradientPng(96, 96);
    expect(tooLarge.length).toBeGreaterThan(AVATAR_MAX_BYTES);
    await expect(ada.api.call('profile.setAvatar', { data: tooLarge.toString('base64') })).rejects.toThrow(
      /at most 12288 bytes \(12 KiB\).*crops and shrinks/,
    );
    await expect(
      ada.api.call('profile.setAvatar', { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64') }),
    ).rejects.toThrow(/not a PNG, JPEG or WebP image/);
    // A PNG signature on a header that claims 4000×4000.
    const huge = gradientPng(8, 8);
    huge.writeUInt32BE(4000, 16);
    huge.writeUInt32BE(4000, 20);
    await expect(ada.api.call('profile.setAvatar', { data: huge.toString('base64') })).rejects.toThrow(/4000×4000/);
    expect((await ada.api.call('profile.get', {})).avatar).toBeNull();
  });

  it('a peer answering with bytes that do not match the signed hash is refused, and nothing is cached', async () => {
    const peer = await startHostilePeer();
    hostile.push(peer);
    const promised = gradientPng(32, 32);
    const hash = avatarHash(promised);
    const asked: string[] = [];
    peer.link.onDidReceiveFrame.on((frame) => {
      if (frame.t !== 'avatar-get') return;
      asked.push(frame.hash);
      // Different bytes, still a valid PNG: only the hash can tell.
      peer.link.send({ t: 'avatar', hash: frame.hash, data: b64.encode(gradientPng(33, 33)) });
    });
    const record = signPresence(peer.rogue, { name: 'Rogue', role: 'basic', addresses: [], avatar: hash }, Date.now());
    peer.link.send({ t: 'peers', records: [record] });

    await waitFor('the victim to note the rogue’s hash', () => peer.engine.getPeer(peer.rogue.peerId)?.avatar === hash);
    await waitFor('the mismatch to be dropped', () => peer.dropReasons().includes('hash-mismatch'));
    expect(asked).toContain(hash);
    expect(await peer.engine.fetchAvatar(hash)).toBeUndefined();
    expect(peer.store.getAvatar(hash)).toBeUndefined();

    // An image nobody asked for is dropped too.
    peer.link.send({ t: 'avatar', hash: avatarHash(gradientPng(34, 34)), data: b64.encode(gradientPng(34, 34)) });
    await waitFor('the unsolicited picture to be dropped', () =>
      peer.log.lines.some((l) => l.includes('unexpected') && l.includes('not asked for')),
    );
  });

  it('a presence record whose avatar hash was altered after signing is refused', async () => {
    const peer = await startHostilePeer();
    hostile.push(peer);
    const record = signPresence(peer.rogue, { name: 'Rogue', role: 'basic', addresses: [], avatar: 'a'.repeat(32) }, Date.now());
    peer.link.send({ t: 'peers', records: [{ ...record, avatar: 'b'.repeat(32) }] });
    await waitFor('the altered record to be dropped', () => peer.dropReasons().includes('bad-signature'));
    expect(peer.engine.getPeer(peer.rogue.peerId)?.avatar ?? null).toBeNull();
  });
});
