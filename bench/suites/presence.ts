import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig } from '../../src/main/config';
import { connectControl } from '../../src/main/control/client';
import { createLogger } from '../../src/main/platform';
import { createLan, netAvailability } from '../../test/support/netns';
import { percentiles, sleep } from '../stats';

const LANLINE = resolve(import.meta.dirname, '../../bin/lanline.js');

/**
 * Connect → open: signalling, ICE, DTLS, SCTP and the signed hello, between
 * two fresh backends on loopback (fresh, so no earlier link or retry helps).
 */
export async function connectToOpenChannel(trials: number) {
  const log = createLogger({ level: 'error' });
  const samples: number[] = [];
  for (let i = 0; i < trials; i++) {
    const dirs = [mkdtempSync(join(tmpdir(), 'lanline-bench-')), mkdtempSync(join(tmpdir(), 'lanline-bench-'))];
    const start = (dataDir: string, name: string) =>
      Backend.start(resolveConfig({ dataDir, name, host: '127.0.0.1', mdns: false }), { rtc: 'wrtc', log });
    const [ada, bob] = await Promise.all([start(dirs[0]!, 'Ada'), start(dirs[1]!, 'Bob')]);
    const started = performance.now();
    await bob.connections.dial(`127.0.0.1:${ada.signallingPort}`);
    samples.push(performance.now() - started);
    await Promise.all([ada.stop(), bob.stop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return percentiles(samples);
}

/**
 * Start → seen: a `lanline node` process starts on one host of a virtual LAN
 * and an observer on another polls its own peer list over the control socket.
 * Measured from the spawn of the process (Node start-up included), to the
 * advert being seen and to the verified link, beside the same process's own
 * readiness (its control socket answering) as the same-run baseline.
 */
export async function startToSeen(trials: number) {
  const net = netAvailability();
  if (!net.ok) return { skipped: net.reason };
  const lan = await createLan({ hosts: 2 });
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanline-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const observerDir = tmp();
    lan.host('h1').spawn(process.execPath, [LANLINE, 'node', '--data-dir', observerDir, '--name', 'Observer', '--port', '7400']);
    let observer: Awaited<ReturnType<typeof connectControl>> | undefined;
    for (let i = 0; i < 200 && !observer; i++)
      observer = await connectControl(observerDir).catch(() => sleep(50).then(() => undefined));
    if (!observer) throw new Error('observer did not start');
    const seen: number[] = [];
    const linked: number[] = [];
    // The baseline: the new process answering its own control socket, i.e. Node started and the node up.
    const ready: number[] = [];
    for (let i = 0; i < trials; i++) {
      const dataDir = tmp();
      const started = performance.now();
      const child = lan
        .host('h2')
        .spawn(process.execPath, [LANLINE, 'node', '--data-dir', dataDir, '--name', `Trial ${i}`, '--port', '7400']);
      let seenAt: number | undefined;
      let readyAt: number | undefined;
      const deadline = started + 15_000;
      while (performance.now() < deadline) {
        if (readyAt === undefined) {
          const own = await connectControl(dataDir).catch(() => undefined);
          if (own) {
            readyAt = performance.now() - started;
            own.close();
          }
        }
        const trial = (await observer.api.call('peers.list', {})).find((p) => p.name === `Trial ${i}`);
        if (trial && seenAt === undefined) seenAt = performance.now() - started;
        if (trial?.online) {
          linked.push(performance.now() - started);
          break;
        }
        await sleep(20);
      }
      if (seenAt !== undefined) seen.push(seenAt);
      if (readyAt !== undefined) ready.push(readyAt);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await sleep(300);
    }
    observer.close();
    return {
      readyMs: percentiles(ready),
      seenMs: percentiles(seen),
      linkedMs: percentiles(linked),
      failures: trials - linked.length,
    };
  } finally {
    await lan.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
