import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig } from '../../src/main/config';
import { createLogger } from '../../src/main/platform';
import { percentiles, sleep } from '../stats';

/**
 * Send → delivered: the message is signed, stored (fsync'd), sent, verified
 * and stored by the receiver, and acknowledged, between two real backends.
 */
export async function engineSendToAck(trials: number) {
  const dirs = [mkdtempSync(join(tmpdir(), 'lanline-bench-')), mkdtempSync(join(tmpdir(), 'lanline-bench-'))];
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
