import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig } from '../../src/main/config';
import { createLogger } from '../../src/main/platform';
import { percentiles, sleep } from '../stats';

/**
 * Send → delivered: the message is signed, stored (fsync'd), sent, verified
 * and stored by the receiver, and acknowledged, between two real backends.
 * `under` picks the file system: the default temp folder (a real disk), or a
 * tmpfs such as /dev/shm, where a commit costs no sync and what is left is
 * the engine's own work.
 */
export async function engineSendToAck(trials: number, under = tmpdir()) {
  const dirs = [mkdtempSync(join(under, 'lanline-bench-')), mkdtempSync(join(under, 'lanline-bench-'))];
  const log = createLogger({ level: 'error' });
  const start = (name: string, dataDir: string, peers: string[] = []) =>
    Backend.start(resolveConfig({ dataDir, name, host: '127.0.0.1', mdns: false, peers }), { rtc: 'wrtc', log });
  const ada = await start('Ada', dirs[0]!);
  const bob = await start('Bob', dirs[1]!, [`127.0.0.1:${ada.signallingPort}`]);
  const adaId = ada.identity.peerId;
  for (let i = 0; i < 400 && !bob.engine.isLinked(adaId); i++) await sleep(25);
  if (!bob.engine.isLinked(adaId)) throw new Error('bench backends did not link');

  const samples: number[] = [];
  for (let i = 0; i < trials; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      // The ack cannot arrive before send() returns: it needs a network round trip.
      const { id } = bob.engine.messaging.send(adaId, `bench message ${i}`);
      const off = bob.engine.messaging.onDidChangeMessage.on((m) => {
        if (m.id === id && m.state === 'delivered') {
          off();
          resolve();
        }
      });
    });
    samples.push(performance.now() - started);
  }
  await bob.stop();
  await ada.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return percentiles(samples);
}

/** One fsync'd SQLite commit (a WAL insert with synchronous=FULL) on the same disk: the floor under every stored message. */
export function fsyncedCommitMs(trials: number, under = tmpdir()) {
  const dir = mkdtempSync(join(under, 'lanline-bench-'));
  const db = new Database(join(dir, 'commit.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const samples: number[] = [];
  for (let i = 0; i < trials; i++) {
    const started = performance.now();
    insert.run(`row ${i}`);
    samples.push(performance.now() - started);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return percentiles(samples);
}

/** A RAM-backed folder for the no-sync variant, where the machine has one. */
export const TMPFS = existsSync('/dev/shm') ? '/dev/shm' : undefined;
