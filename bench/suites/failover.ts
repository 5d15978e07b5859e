import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiClient } from '../../src/core/api/rpc';
import { connectControl } from '../../src/main/control/client';
import { percentiles, sleep } from '../stats';

const LANLINE = resolve(import.meta.dirname, '../../bin/lanline.js');
/** The relay client's defaults (src/main/relay/client.ts): the baseline a failover is measured against. */
export const RELAY_PING_MS = 1000;
export const RELAY_DEAD_MS = 2500;

interface Node {
  child: ChildProcess;
  dataDir: string;
  port: number;
}

function startNode(dataDir: string, port: number, name: string, extra: string[]): Node {
  const child = spawn(
    process.execPath,
    [
      LANLINE,
      'node',
      '--no-mdns',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--name',
      name,
      '--log-level',
      'error',
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  return { child, dataDir, port };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Failover time: two real `lanline node --super` processes on loopback and a
 * client configured with both. Each trial takes away the one the client uses
 * and times how long until the client is connected to the other, polling its
 * control socket every 20 ms. `crash` is SIGKILL (the kernel closes the
 * sockets, so the client hears at once); `hang` is SIGSTOP (nothing ever
 * comes back, as when a machine loses power or its cable): only the relay
 * client's pings find it out. Bounded by trials and by 20 s per trial.
 */
export async function failoverTime(trials: number) {
  const base = mkdtempSync(join(tmpdir(), 'lanline-bench-failover-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const supers = [0, 1].map((i) => startNode(join(base, `sp${i}`), ports[i]!, `Super ${i}`, ['--super']));
  const addresses = supers.map((s) => `127.0.0.1:${s.port}`);
  const client = startNode(
    join(base, 'client'),
    ports[2]!,
    'Client',
    addresses.flatMap((a) => ['--super-peer', a]),
  );
  const control = await until('the client', () => connectControl(client.dataDir), 20_000, 100);
  const api: ApiClient = control.api;
  const primary = async () => (await api.call('superPeers.list', {})).find((s) => s.primary && s.state === 'connected');
  const peerIds: string[] = [];
  for (const sp of supers) {
    const c = await until('a super peer', () => connectControl(sp.dataDir), 20_000, 100);
    peerIds.push((await c.api.call('status.get', {})).peerId);
    c.close();
  }

  const samples: Record<'crash' | 'hang', number[]> = { crash: [], hang: [] };
  try {
    for (let trial = 0; trial < trials * 2; trial++) {
      const mode = trial % 2 === 0 ? 'crash' : 'hang';
      const using = await until('the client to use a super peer', primary, 20_000);
      const i = peerIds.indexOf(using.peerId);
      const victim = supers[i]!;
      // Both must be known and answering, or there is nothing to move to.
      await until(
        'both super peers known',
        async () => ((await api.call('superPeers.list', {})).filter((s) => s.load !== null).length === 2 ? true : undefined),
        20_000,
        100,
      );
      const gone = new Promise((r) => victim.child.once('exit', r));
      const killedAt = performance.now();
      victim.child.kill(mode === 'crash' ? 'SIGKILL' : 'SIGSTOP');
      await until(
        'the client to move',
        async () => {
          const now = await primary();
          return now && now.peerId !== using.peerId ? now : undefined;
        },
        20_000,
      );
      samples[mode].push(performance.now() - killedAt);
      if (mode === 'hang') victim.child.kill('SIGKILL');
      await gone;
      supers[i] = startNode(victim.dataDir, victim.port, `Super ${i}`, ['--super']);
      // Back and serving its relay before the next trial, or the client would have nothing to move to.
      await until(
        'the super peer back',
        async () => ((await (await fetch(`http://127.0.0.1:${victim.port}/lanline`)).json()) as { relay?: unknown }).relay,
        20_000,
        100,
      );
      await sleep(500);
    }
  } finally {
    control.close();
    for (const node of [...supers, client]) node.child.kill('SIGKILL');
    await sleep(200);
    rmSync(base, { recursive: true, force: true });
  }
  const crash = percentiles(samples.crash);
  const hang = percentiles(samples.hang);
  return {
    crashMs: crash,
    hangMs: hang,
    samplesMs: { crash: samples.crash.map(Math.round), hang: samples.hang.map(Math.round) },
    pingIntervalMs: RELAY_PING_MS,
    deadAfterMs: RELAY_DEAD_MS,
    hangP95OverDeadAfter: Math.round((hang.p95 / RELAY_DEAD_MS) * 100) / 100,
  };
}
